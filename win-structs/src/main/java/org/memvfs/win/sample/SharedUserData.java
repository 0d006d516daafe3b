package org.memvfs.win.sample;

import org.memvfs.win.profile.WindowsProfile;

/**
 * KUSER_SHARED_DATA: one page the kernel writes at 0xFFFFF780'00000000 (x86: 0xFFDF0000) and every
 * process reads at 0x7FFE0000. The sample fills in the time, the version and the system root.
 *
 * <p>NtBuildNumber (Windows 10 and later only; Windows 7's struct has no such member) holds the
 * plain build number: the header comment in phnt calls it "the shared collective build number
 * undecorated with C or F", unlike the kernel variable {@code NtBuildNumber}, whose top nibble is
 * 0xF for a free build (0xF0004A61 on 19041) and 0xC for a checked one.
 */
final class SharedUserData {
    private static final String STRUCT = "_KUSER_SHARED_DATA";
    /** The multiplier of a 15.625 ms clock tick (0x0FA00000), as every modern system shows. */
    private static final int TICK_COUNT_MULTIPLIER = 0x0FA0_0000;
    private static final int NT_PRODUCT_WIN_NT = 1;
    private static final int SUITE_SINGLE_USER_TS = 0x110;
    private static final long TICKS_PER_INTERRUPT = 156_250;

    private SharedUserData() {
    }

    /** Maps and fills the page; returns its frame, which processes map read-only at 0x7FFE0000. */
    static long write(WindowsProfile profile, AddressLayout layout, PageTableWriter tables, FrameAllocator frames,
            VirtualMemory kernel, long processors) {
        long frame = frames.allocate();
        long va = layout.kuserKernel();
        tables.map(tables.systemRoot(), va, frame, PageAccess.KERNEL_DATA);
        StructWriter k = new StructWriter(profile, kernel, STRUCT, va);
        k.u32("TickCountMultiplier", TICK_COUNT_MULTIPLIER);
        long uptime = SampleClock.UPTIME_SECONDS * SampleClock.TICKS_PER_SECOND;
        DocumentedLayouts.systemTime(profile, kernel, k.addressOf("InterruptTime"), uptime);
        DocumentedLayouts.systemTime(profile, kernel, k.addressOf("SystemTime"), SampleClock.CAPTURE);
        DocumentedLayouts.systemTime(profile, kernel, k.addressOf("TimeZoneBias"), 0);
        k.u16("ImageNumberLow", profile.is64Bit() ? PeImage.MACHINE_AMD64 : PeImage.MACHINE_I386)
                .u16("ImageNumberHigh", profile.is64Bit() ? PeImage.MACHINE_AMD64 : PeImage.MACHINE_I386)
                .bytes("NtSystemRoot", LittleEndian.utf16z("C:\\Windows"))
                .u32("NtProductType", NT_PRODUCT_WIN_NT).u8("ProductTypeIsValid", 1)
                .u32("NtMajorVersion", profile.buildNumber() < 9200 ? 6 : 10)
                .u32("NtMinorVersion", profile.buildNumber() < 9200 ? 1 : 0)
                .u32("SuiteMask", SUITE_SINGLE_USER_TS)
                .u32("ActiveConsoleId", 1)
                .u32("NumberOfPhysicalPages", (int) (AddressLayout.PHYSICAL_SIZE / PhysicalPages.PAGE))
                .u32("ActiveProcessorCount", processors)
                .u32("Cookie", 0x5A3C_96E1);
        if (k.has("NtBuildNumber")) {
            k.u32("NtBuildNumber", profile.buildNumber());
        }
        if (k.has("TickCount")) {
            DocumentedLayouts.systemTime(profile, kernel, k.addressOf("TickCount"), uptime / TICKS_PER_INTERRUPT);
        }
        if (k.has("ActiveGroupCount")) {
            k.u8("ActiveGroupCount", 1);
        }
        return frame;
    }
}

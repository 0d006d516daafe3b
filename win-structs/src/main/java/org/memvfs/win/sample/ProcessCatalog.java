package org.memvfs.win.sample;

import java.util.ArrayList;
import java.util.List;
import org.memvfs.win.profile.WindowsProfile;

/**
 * The processes of the sample: a Windows desktop a few hours after boot, with the parent tree
 * Windows builds (System → smss → csrss, wininit → services → svchost …, winlogon → explorer →
 * user programs). Parents that exited long ago are named but not listed, as on real systems: the
 * session-creating smss instances (440, 520) behind csrss, wininit and winlogon, and userinit
 * (3500) behind explorer. Processes that a build does not have are left out (Registry and
 * MemCompression before Windows 10, the Windows 10 session helpers on Windows 7, the WoW64
 * process on x86).
 *
 * <p>The order is ActiveProcessLinks order: System, then Registry (Windows 10 1803 on) or smss,
 * then the others by creation time.
 */
final class ProcessCatalog {
    static final String PLANTED_TEXT = "MEMVFS-SAMPLE-PLANTED-7c3f1e";
    private static final int WIN10 = 10240;
    /** Registry became a process of its own in 1803 (17134). */
    private static final int REGISTRY_PROCESS_BUILD = 17134;
    /** _PS_PROTECTION bytes: Type (bits 0-2) | Signer (bits 4-7): protected WinSystem, protected-light WinTcb, … */
    private static final int PROTECTED_WINSYSTEM = 0x72;
    private static final int LIGHT_WINTCB = 0x61;
    private static final int LIGHT_LSA = 0x41;
    private static final int LIGHT_ANTIMALWARE = 0x31;

    private static final List<String> BASE = List.of("ntdll.dll", "kernel32.dll", "KernelBase.dll");
    private static final List<String> SERVICE = List.of("ntdll.dll", "kernel32.dll", "KernelBase.dll", "msvcrt.dll",
            "sechost.dll", "rpcrt4.dll", "advapi32.dll");
    private static final List<String> CSRSS = List.of("ntdll.dll", "csrsrv.dll", "basesrv.dll", "winsrv.dll",
            "kernel32.dll", "KernelBase.dll");
    private static final List<String> GUI = List.of("ntdll.dll", "kernel32.dll", "KernelBase.dll", "msvcrt.dll",
            "user32.dll", "gdi32.dll", "rpcrt4.dll", "combase.dll", "ole32.dll", "advapi32.dll", "sechost.dll", "uxtheme.dll");
    private static final List<String> SHELL = List.of("ntdll.dll", "kernel32.dll", "KernelBase.dll", "msvcrt.dll",
            "user32.dll", "gdi32.dll", "rpcrt4.dll", "combase.dll", "ole32.dll", "shell32.dll", "advapi32.dll",
            "sechost.dll", "uxtheme.dll");
    private static final List<String> BROWSER = List.of("ntdll.dll", "kernel32.dll", "KernelBase.dll", "msvcrt.dll",
            "user32.dll", "gdi32.dll", "advapi32.dll", "sechost.dll", "rpcrt4.dll", "combase.dll", "ole32.dll",
            "shell32.dll", "ws2_32.dll", "crypt32.dll", "uxtheme.dll");
    /** The native modules of a WoW64 process: the 64-bit ntdll and the WoW64 layer. */
    static final List<String> WOW64_NATIVE = List.of("ntdll.dll", "wow64.dll", "wow64win.dll", "wow64cpu.dll");
    /** The 32-bit modules of the WoW64 process, from SysWOW64. */
    static final List<String> WOW64_32 = List.of("ntdll.dll", "kernel32.dll", "KernelBase.dll", "msvcrt.dll",
            "user32.dll", "gdi32.dll", "advapi32.dll", "sechost.dll", "rpcrt4.dll", "shell32.dll");

    private ProcessCatalog() {
    }

    /** The catalog for {@code profile}'s build and architecture. */
    static List<ProcessSpec> forProfile(WindowsProfile profile) {
        int build = profile.buildNumber();
        boolean win10 = build >= WIN10;
        String sys32 = "C:\\Windows\\System32\\";
        List<ProcessSpec> p = new ArrayList<>();
        p.add(new ProcessSpec("System", 4, 0, ProcessSpec.Kind.SYSTEM, "", "", 0, 0, 6, List.of(), false,
                win10 ? PROTECTED_WINSYSTEM : 0, ProcessSpec.Role.NONE));
        if (build >= REGISTRY_PROCESS_BUILD) {
            p.add(new ProcessSpec("Registry", 92, 4, ProcessSpec.Kind.KERNEL_ONLY, "", "", 0, 1.2, 4, List.of(), false,
                    PROTECTED_WINSYSTEM, ProcessSpec.Role.NONE));
        }
        p.add(user("smss.exe", 344, 4, sys32 + "smss.exe", "\\SystemRoot\\System32\\smss.exe", 0, 2.4, 2,
                List.of("ntdll.dll"), false, win10 ? LIGHT_WINTCB : 0));
        String csrssLine = "%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768"
                + " Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3"
                + " ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16";
        p.add(user("csrss.exe", 452, 440, sys32 + "csrss.exe", csrssLine, 0, 4.1, 3, CSRSS, false, win10 ? LIGHT_WINTCB : 0));
        p.add(user("wininit.exe", 528, 440, sys32 + "wininit.exe", "wininit.exe", 0, 4.6, 2, SERVICE, false,
                win10 ? LIGHT_WINTCB : 0));
        p.add(user("csrss.exe", 540, 520, sys32 + "csrss.exe", csrssLine, 1, 4.7, 3, CSRSS, false, win10 ? LIGHT_WINTCB : 0));
        p.add(user("winlogon.exe", 612, 520, sys32 + "winlogon.exe", "winlogon.exe", 1, 5.0, 2, GUI, true, 0));
        p.add(user("services.exe", 664, 528, sys32 + "services.exe", "C:\\Windows\\system32\\services.exe", 0, 5.3, 3,
                SERVICE, false, win10 ? LIGHT_WINTCB : 0));
        p.add(user("lsass.exe", 684, 528, sys32 + "lsass.exe", "C:\\Windows\\system32\\lsass.exe", 0, 5.4, 3,
                append(SERVICE, "crypt32.dll"), false, win10 ? LIGHT_LSA : 0));
        p.add(svchost(win10, 800, "DcomLaunch", 6.1));
        if (win10) {
            p.add(user("fontdrvhost.exe", 808, 528, sys32 + "fontdrvhost.exe", "\"fontdrvhost.exe\"", 0, 6.2, 2, BASE, false, 0));
            p.add(user("fontdrvhost.exe", 816, 612, sys32 + "fontdrvhost.exe", "\"fontdrvhost.exe\"", 1, 6.3, 2, BASE, false, 0));
        }
        p.add(svchost(win10, 904, "RPCSS", 6.8));
        if (win10) {
            p.add(user("dwm.exe", 988, 612, sys32 + "dwm.exe", "\"dwm.exe\"", 1, 7.5, 3, GUI, true, 0));
        }
        p.add(svchost(win10, 1040, "netsvcs", 7.9, "ws2_32.dll"));
        if (!win10) {
            // Windows 7's desktop window manager is started by the UxSms service
            p.add(user("dwm.exe", 988, 1040, sys32 + "dwm.exe", "\"C:\\Windows\\system32\\Dwm.exe\"", 1, 8.1, 3, GUI,
                    true, 0));
        }
        p.add(svchost(win10, 1128, "LocalServiceNetworkRestricted", 8.4));
        p.add(svchost(win10, 1236, "LocalService", 8.8));
        p.add(svchost(win10, 1344, "NetworkService", 9.2, "ws2_32.dll"));
        if (win10) {
            p.add(new ProcessSpec("MemCompression", 1504, 4, ProcessSpec.Kind.KERNEL_ONLY, "", "", 0, 9.9, 2, List.of(),
                    false, 0, ProcessSpec.Role.NONE));
        }
        p.add(svchost(win10, 1580, "LocalSystemNetworkRestricted", 10.6));
        p.add(user("spoolsv.exe", 1720, 664, sys32 + "spoolsv.exe", "C:\\Windows\\System32\\spoolsv.exe", 0, 12.0, 2,
                SERVICE, false, 0));
        p.add(svchost(win10, 1856, win10 ? "utcsvc" : "LocalServiceNoNetwork", 13.4));
        String defender = win10 ? "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24010.12-0\\MsMpEng.exe"
                : "C:\\Program Files\\Microsoft Security Client\\MsMpEng.exe";
        p.add(user("MsMpEng.exe", 1996, 664, defender, "\"" + defender + "\"", 0, 14.2, 3, SERVICE, false,
                win10 ? LIGHT_ANTIMALWARE : 0));
        p.add(user("SearchIndexer.exe", 2512, 664, sys32 + "SearchIndexer.exe",
                "C:\\Windows\\system32\\SearchIndexer.exe /Embedding", 0, 31.0, 2, SERVICE, false, 0));
        p.add(user("WmiPrvSE.exe", 2740, 800, "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
                "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding", 0, 40.5, 2, SERVICE, false, 0));
        if (win10) {
            p.add(user("sihost.exe", 3160, 1040, sys32 + "sihost.exe", "sihost.exe", 1, 52.0, 2, GUI, true, 0));
            p.add(new ProcessSpec("svchost.exe", 3172, 664, ProcessSpec.Kind.USER, sys32 + "svchost.exe",
                    "C:\\Windows\\system32\\svchost.exe -k UnistackSvcGroup", 1, 52.3, 2, SERVICE, false, 0,
                    ProcessSpec.Role.NONE));
            p.add(user("taskhostw.exe", 3244, 1040, sys32 + "taskhostw.exe",
                    "taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}", 1, 52.9, 2, GUI, true, 0));
        } else {
            p.add(user("taskhost.exe", 3244, 664, sys32 + "taskhost.exe", "\"taskhost.exe\"", 1, 52.9, 2, GUI, true, 0));
            p.add(svchost(win10, 3172, "NetworkServiceNetworkRestricted", 53.1));
            p.add(user("SearchProtocolHost.exe", 3392, 2512, sys32 + "SearchProtocolHost.exe",
                    "\"C:\\Windows\\system32\\SearchProtocolHost.exe\" Global\\UsGthrFltPipeMssGthrPipe1", 0, 54.2, 2,
                    SERVICE, false, 0));
        }
        p.add(new ProcessSpec("explorer.exe", 3532, 3500, ProcessSpec.Kind.USER, "C:\\Windows\\explorer.exe",
                "C:\\Windows\\Explorer.EXE", 1, 55.0, 4, SHELL, true, 0, ProcessSpec.Role.SOFTWARE_PAGES));
        if (win10) {
            p.add(user("RuntimeBroker.exe", 4236, 800, sys32 + "RuntimeBroker.exe",
                    "C:\\Windows\\System32\\RuntimeBroker.exe -Embedding", 1, 61.5, 2, GUI, true, 0));
        }
        p.add(user("audiodg.exe", 4480, 1236, sys32 + "audiodg.exe", "C:\\Windows\\system32\\AUDIODG.EXE 0x4a4", 0,
                95.0, 2, BASE, false, 0));
        p.add(new ProcessSpec("notepad.exe", 5124, 3532, ProcessSpec.Kind.USER, sys32 + "notepad.exe",
                "\"C:\\Windows\\system32\\notepad.exe\" C:\\Users\\alice\\Documents\\notes.txt", 1, 1210.0, 2, GUI, true,
                0, ProcessSpec.Role.PLANTED));
        String browser = win10 ? "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe"
                : "C:\\Program Files\\Internet Explorer\\iexplore.exe";
        p.add(new ProcessSpec(win10 ? "msedge.exe" : "iexplore.exe", 5300, 3532, ProcessSpec.Kind.USER, browser,
                "\"" + browser + "\" --no-startup-window", 1, 1388.0, 3, BROWSER, true, 0, ProcessSpec.Role.MANY_VADS));
        p.add(user("cmd.exe", 5688, 3532, sys32 + "cmd.exe", "\"C:\\Windows\\system32\\cmd.exe\"", 1, 2950.0, 1, BASE, false, 0));
        p.add(user("conhost.exe", 5696, win10 ? 5688 : 540, sys32 + "conhost.exe",
                "\\??\\C:\\Windows\\system32\\conhost.exe 0x4", 1, 2950.2, 2, GUI, false, 0));
        if (profile.is64Bit()) {
            String onedrive = "C:\\Users\\alice\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe";
            p.add(new ProcessSpec("OneDrive.exe", 6120, 3532, ProcessSpec.Kind.WOW64, onedrive,
                    "\"" + onedrive + "\" /background", 1, 3020.0, 2, WOW64_NATIVE, true, 0, ProcessSpec.Role.NONE));
        }
        p.add(new ProcessSpec("ipconfig.exe", 6312, 5688, ProcessSpec.Kind.EXITED, sys32 + "ipconfig.exe",
                "ipconfig /all", 1, 3105.0, 0, BASE, false, 0, ProcessSpec.Role.NONE));
        return List.copyOf(p);
    }

    private static ProcessSpec user(String name, int pid, int ppid, String dosPath, String commandLine, int session,
            double start, int threads, List<String> dlls, boolean gui, int protection) {
        return new ProcessSpec(name, pid, ppid, ProcessSpec.Kind.USER, dosPath, commandLine, session, start, threads, dlls,
                gui, protection, ProcessSpec.Role.NONE);
    }

    private static ProcessSpec svchost(boolean win10, int pid, String group, double start, String... extra) {
        List<String> dlls = new ArrayList<>(SERVICE);
        dlls.addAll(List.of(extra));
        return new ProcessSpec("svchost.exe", pid, 664, ProcessSpec.Kind.USER, "C:\\Windows\\System32\\svchost.exe",
                "C:\\Windows\\system32\\svchost.exe -k " + group + (win10 ? " -p" : ""), 0, start, 2, dlls, false, 0, ProcessSpec.Role.NONE);
    }

    private static List<String> append(List<String> list, String more) {
        List<String> out = new ArrayList<>(list);
        out.add(more);
        return out;
    }
}

package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memvfs.win.profile.Profiles;

class ModuleCatalogTest {
    static List<String> profiles() {
        return SampleImages.supportedProfiles();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void dllsDoNotOverlapAndSitInUserSpace(String id) {
        AddressLayout layout = new AddressLayout(Profiles.byId(id));
        ModuleCatalog catalog = new ModuleCatalog(layout);
        List<long[]> ranges = new ArrayList<>();
        for (String dll : catalog.nativeDlls()) {
            ranges.add(new long[] {catalog.nativeBase(dll), catalog.nativeBase(dll) + catalog.nativeSize(dll)});
        }
        if (layout.is64Bit()) {
            for (String dll : ModuleCatalog.DLLS.keySet()) {
                if (ModuleCatalog.size32(dll) > 0) {
                    ranges.add(new long[] {catalog.base32(dll), catalog.base32(dll) + ModuleCatalog.size32(dll)});
                    assertThat(catalog.base32(dll) + ModuleCatalog.size32(dll)).isLessThan(0x8000_0000L);
                }
            }
        }
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i)[0]).isGreaterThanOrEqualTo(ranges.get(i - 1)[1]);
        }
        assertThat(ranges.get(ranges.size() - 1)[1]).isLessThan(layout.is64Bit() ? 0x8000_0000_0000L : AddressLayout.KUSER_USER);
    }

    @org.junit.jupiter.api.Test
    void pathsAreSpelledAsWindowsSpellsThem() {
        assertThat(ModuleCatalog.canonicalName("kernelbase.dll")).isEqualTo("KernelBase.dll");
        assertThat(ModuleCatalog.dllDosPath("ntdll.dll", true)).isEqualTo("C:\\Windows\\SysWOW64\\ntdll.dll");
        assertThat(ModuleCatalog.volumePath("C:\\Windows\\System32\\ntdll.dll")).isEqualTo("\\Windows\\System32\\ntdll.dll");
        assertThatThrownBy(() -> ModuleCatalog.canonicalName("nosuch.dll")).isInstanceOf(IllegalArgumentException.class);
    }
}

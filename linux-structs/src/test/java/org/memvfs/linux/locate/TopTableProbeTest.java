package org.memvfs.linux.locate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.memvfs.linux.LinuxGuests;
import org.memvfs.linux.LinuxGuests.Format;
import org.memvfs.linux.LinuxGuests.Image;
import org.memvfs.linux.LinuxKernel;
import org.memvfs.linux.object.MmStruct;
import org.memvfs.mmu.AddressSpace;
import org.memvfs.mmu.PagingMode;
import org.memvfs.mmu.guest.GuestConfig;

class TopTableProbeTest {

    @ParameterizedTest
    @EnumSource(GuestConfig.class)
    void onlyTheGuestsOwnModeMapsTheLandmarksAndTheKernelsTableIsFoundFromAProcesss(GuestConfig config) {
        LinuxKernel kernel = LinuxGuests.kernel(new Image(config, Format.RAW));
        Discovery found = kernel.discovery();
        MmStruct init = kernel.process(1).orElseThrow().mm().orElseThrow();
        List<TopTableProbe.Landmark> landmarks = List.of(new TopTableProbe.Landmark("init_task", found.initTask(), found.initTaskAt()));
        List<PagingMode> modes = TopTableProbe.modesThatTranslate(kernel.kernelSpace().caches(), init.pgdTable(),
                List.of(PagingMode.X64_4LEVEL, PagingMode.X64_5LEVEL), landmarks);
        assertThat(modes).containsExactly(config.mode());
        AddressSpace space = kernel.kernelSpace().withRoot(init.pgdTable());
        assertThat(TopTableProbe.kernelTopTable(space)).isEqualTo(found.topTable());
    }
}

package org.memvfs.win.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.memvfs.win.profile.Profiles;
import org.memvfs.win.profile.WindowsProfile;

/** The layouts used where the 24H2 profile lacks a struct agree with every x64 profile that has it. */
class DocumentedLayoutsTest {
    @Test
    void theDocumentedOffsetsAreThoseOfEveryProfileWithTheStruct() {
        int checked = 0;
        for (WindowsProfile p : Profiles.builtIn()) {
            if (p.hasStruct("_DISPATCHER_HEADER")) {
                assertThat(p.offset("_DISPATCHER_HEADER", "Type")).isEqualTo(DocumentedLayouts.DISPATCHER_TYPE);
                assertThat(p.offset("_DISPATCHER_HEADER", "Size")).isEqualTo(DocumentedLayouts.DISPATCHER_SIZE);
                assertThat(p.offset("_DISPATCHER_HEADER", "SignalState")).isEqualTo(DocumentedLayouts.DISPATCHER_SIGNAL_STATE);
            }
            if (p.hasStruct("_KSYSTEM_TIME")) {
                assertThat(p.offset("_KSYSTEM_TIME", "High1Time")).isEqualTo(DocumentedLayouts.SYSTEM_TIME_HIGH1);
                assertThat(p.offset("_KSYSTEM_TIME", "High2Time")).isEqualTo(DocumentedLayouts.SYSTEM_TIME_HIGH2);
            }
            if (p.is64Bit() && p.hasStruct("_TEB")) {
                assertThat(p.offset("_TEB", "NtTib.StackBase")).isEqualTo(DocumentedLayouts.TEB64_STACK_BASE);
                assertThat(p.offset("_TEB", "NtTib.StackLimit")).isEqualTo(DocumentedLayouts.TEB64_STACK_LIMIT);
                assertThat(p.offset("_TEB", "NtTib.Self")).isEqualTo(DocumentedLayouts.TEB64_SELF);
                assertThat(p.offset("_TEB", "ClientId")).isEqualTo(DocumentedLayouts.TEB64_CLIENT_ID);
                assertThat(p.offset("_TEB", "ProcessEnvironmentBlock")).isEqualTo(DocumentedLayouts.TEB64_PEB);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(6);
        assertThat(Profiles.byId("win11-22621-x64").structSize("_TEB")).isEqualTo(DocumentedLayouts.TEB64_SIZE);
    }
}

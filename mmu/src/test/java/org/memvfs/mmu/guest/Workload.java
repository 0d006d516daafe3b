package org.memvfs.mmu.guest;

/**
 * A workload process of a guest as its {@code QG-WORKLOAD} console line describes it: every
 * 4 KiB page of its two buffers starts with {@code QGMARK name=… pid=… va=<that page>}.
 */
public record Workload(String name, int pid, String mode, long bigVa, long bigLength, long smallVa, long smallLength) {
}

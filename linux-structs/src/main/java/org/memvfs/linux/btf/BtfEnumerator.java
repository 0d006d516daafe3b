package org.memvfs.linux.btf;

/**
 * One value of an enum ({@code struct btf_enum}, or {@code struct btf_enum64} whose two halves are
 * joined here).
 */
public record BtfEnumerator(String name, long value) {
}

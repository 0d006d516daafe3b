package org.memvfs.linux.btf;

/**
 * One parameter of a function prototype ({@code struct btf_param}); a last parameter of type 0
 * with no name marks a variadic function.
 */
public record BtfParam(String name, int type) {
}

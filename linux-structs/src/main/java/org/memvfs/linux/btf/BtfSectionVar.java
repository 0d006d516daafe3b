package org.memvfs.linux.btf;

/**
 * One variable of a data section ({@code struct btf_var_secinfo}): the VAR type, where it lies in
 * the section and how big it is.
 */
public record BtfSectionVar(int type, long offset, long size) {
}

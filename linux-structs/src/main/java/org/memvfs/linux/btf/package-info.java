/**
 * BTF, the BPF Type Format a kernel built with CONFIG_DEBUG_INFO_BTF carries in its own image:
 * the layout of every kernel struct. {@link org.memvfs.linux.btf.Btf#parse} checks a whole blob
 * (every kind, to the end of both sections) and answers member offsets along dotted paths through
 * anonymous structs and unions, bitfields included. Format: include/uapi/linux/btf.h.
 */
package org.memvfs.linux.btf;

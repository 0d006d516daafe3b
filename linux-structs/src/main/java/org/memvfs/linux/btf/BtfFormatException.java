package org.memvfs.linux.btf;

import org.memvfs.mmu.MemoryException;
import org.memvfs.mmu.Pa;

/**
 * Bytes that should be BTF are not: a header that does not fit, a section that does not parse to
 * its end, a type that names a type or a string that does not exist. The message names the byte
 * offset in the blob (from its header) and the type id where there is one.
 */
public class BtfFormatException extends MemoryException {
    public BtfFormatException(String what) {
        super(what, Context.NONE);
    }

    public BtfFormatException(String what, Pa where) {
        super(what, Context.NONE.withPa(where));
    }
}

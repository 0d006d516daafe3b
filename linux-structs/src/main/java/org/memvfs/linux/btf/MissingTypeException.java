package org.memvfs.linux.btf;

import org.memvfs.mmu.MemoryException;

/**
 * The kernel's BTF has no struct, member or enumerator that memvfs needs: a kernel built
 * differently (or a newer or older one) than the model knows. The message names what is missing.
 */
public class MissingTypeException extends MemoryException {
    public MissingTypeException(String what) {
        super(what, Context.NONE);
    }
}

package org.memvfs.vfs;

import java.util.function.Supplier;

/** A value made once, on first use, by whichever thread asks first. */
public final class Memo<T> implements Supplier<T> {
    private final Supplier<T> make;
    private volatile T value;

    public Memo(Supplier<T> make) {
        this.make = make;
    }

    @Override
    public T get() {
        T result = value;
        if (result == null) {
            synchronized (this) {
                result = value;
                if (result == null) {
                    result = make.get();
                    value = result;
                }
            }
        }
        return result;
    }
}

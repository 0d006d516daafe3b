package org.memvfs.mount;

/** Byte counts for people. */
final class Sizes {
    private static final String[] UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB"};

    private Sizes() {
    }

    static String human(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : (value == Math.rint(value) ? String.format("%.0f %s", value, UNITS[unit])
                : String.format("%.1f %s", value, UNITS[unit]));
    }
}

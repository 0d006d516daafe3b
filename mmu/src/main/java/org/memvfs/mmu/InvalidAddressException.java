package org.memvfs.mmu;

/** Text that should name an address does not. */
public class InvalidAddressException extends MemoryException {
    public InvalidAddressException(CharSequence text, String why) {
        super("not an address: '" + printable(text) + "': " + why, Context.NONE);
    }

    private static String printable(CharSequence text) {
        String s = text.toString();
        if (s.length() > 40) {
            s = s.substring(0, 40) + "…";
        }
        return s.replace("\n", "\\n").replace("\r", "\\r");
    }
}

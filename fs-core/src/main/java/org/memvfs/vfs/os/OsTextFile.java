package org.memvfs.vfs.os;

import java.util.function.Supplier;

/**
 * A text file an operating system adds to each process directory, such as {@code win-cmdline.txt}.
 * Its content is rendered when first read.
 */
public record OsTextFile(String name, Supplier<String> content) {
}

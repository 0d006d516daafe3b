package org.memvfs.vfs;

import java.util.List;

/** A directory: names in display order, and the node each one names. */
non-sealed interface Directory extends Node {

    List<String> names();

    /** The node called {@code name}, or null when there is none. */
    Node child(String name);
}

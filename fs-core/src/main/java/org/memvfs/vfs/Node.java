package org.memvfs.vfs;

import java.time.Instant;

/** A node of the tree: a directory or a file. Nodes are cheap views, made when a path is looked up. */
sealed interface Node permits Directory, FileNode {

    /** The node's modification time, or null to take its parent's. */
    default Instant time() {
        return null;
    }
}

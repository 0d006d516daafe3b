package org.memvfs.vfs;

import java.time.Instant;

/**
 * What {@code stat} says about a node.
 *
 * @param directory whether it is a directory
 * @param size      bytes a full read returns (0 for directories)
 * @param writable  whether writes are accepted
 * @param time      its modification time
 */
public record FileAttributes(boolean directory, long size, boolean writable, Instant time) {
}

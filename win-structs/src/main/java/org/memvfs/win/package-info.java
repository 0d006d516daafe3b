/**
 * The Windows kernel model: per-build structure profiles, kernel discovery in an image, and thin
 * views over kernel objects (processes, threads, VADs, modules). Arrives with its own issue.
 */
package org.memvfs.win;

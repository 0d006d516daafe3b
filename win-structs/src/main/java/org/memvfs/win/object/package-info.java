/**
 * Thin views of Windows kernel objects: an address and the context to read it
 * ({@link org.memvfs.win.object.KernelObjects}); each getter reads its field on call with the
 * profile's offsets and names that field in its javadoc. Walks over lists and trees are bounded
 * ({@link org.memvfs.win.object.WalkLimits}) and return what they found with the problems they met
 * ({@link org.memvfs.win.object.WalkResult}).
 */
package org.memvfs.win.object;

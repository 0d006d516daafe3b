/**
 * Structure profiles: per-build layouts of Windows kernel structures, the only place memvfs gets
 * offsets from. {@link org.memvfs.win.profile.Profiles} holds the built-in profiles (resources
 * under {@code org/memvfs/win/profiles/}); {@link org.memvfs.win.profile.IsfProfile} loads a
 * Volatility 3 symbol table, which {@link org.memvfs.win.profile.SymbolDirectory} finds by GUID;
 * {@link org.memvfs.win.profile.WindowsProfile} answers sizes, offsets and bitfields.
 */
package org.memvfs.win.profile;

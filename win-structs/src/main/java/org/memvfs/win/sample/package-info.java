/**
 * The Windows sample-image builder: raw physical memory laid out as a Windows kernel lays it out,
 * written from a structure profile, for the parser's end-to-end tests and {@code memvfs demo}.
 * {@link org.memvfs.win.sample.SampleImages#build(String)} makes a
 * {@link org.memvfs.win.sample.SampleImage}; its {@link org.memvfs.win.sample.SampleManifest}
 * records what was written. Every offset, size and bit position of a Windows structure comes from
 * the profile; the builder shares no code with the parser.
 *
 * <h2>Physical layout (256 MiB)</h2>
 * <ul>
 *   <li>Page 0: a real-mode interrupt vector table, so that page 0 is not empty.</li>
 *   <li>0x13000 (x64 only): the PROCESSOR_START_BLOCK (low stub).</li>
 *   <li>0x1AA000 (x64) / 0x185000 (x86 PAE): the System process's top table, where real
 *       machines often have it.</li>
 *   <li>16 MiB to 64 MiB: physically contiguous, 2 MiB-aligned memory for ntoskrnl, which is
 *       mapped with 2 MiB pages.</li>
 *   <li>64 MiB up: every other page (page tables, pool, user pages), handed out in a fixed
 *       scattered order (a stride of 7919 frames through the zone), so consecutive virtual pages
 *       are physically unrelated.</li>
 * </ul>
 * The image is deterministic: the same profile always gives the same bytes. Only pages holding
 * data are written by {@link org.memvfs.win.sample.SampleImage#writeRaw}; the file is sparse.
 *
 * <h2>Virtual layout</h2>
 * See {@link org.memvfs.win.sample.AddressLayout}. x64: the PML4 self-map is at index 0x1ED
 * (page tables at 0xFFFFF680'00000000), KUSER_SHARED_DATA at 0xFFFFF780'00000000 and 0x7FFE0000;
 * Windows 10+: ntoskrnl at 0xFFFFF805'4E600000, drivers from 0xFFFFF805'52000000, non-paged pool
 * from 0xFFFFB885'0E800000, paged pool from 0xFFFFA68C'3A400000, executables at 0x00007FF6'…,
 * DLLs from 0x00007FFB'B0000000, each process's PEB, TEBs, heaps and stacks from
 * 0x00000010'00000000 + index × 0x8'10000000; Windows 7: ntoskrnl at 0xFFFFF800'02661000,
 * drivers from 0xFFFFF880'00C00000, pools at 0xFFFFFA80'01800000 / 0xFFFFF8A0'00200000, PEB
 * and TEBs just below 0x000007FF'FFFE0000. x86 PAE: page tables at 0xC0000000, page directories
 * at 0xC0600000, ntoskrnl at 0x8284B000 (Windows 7) or 0x81400000, pools at 0x84A00000 and
 * 0x8D400000, KUSER_SHARED_DATA at 0xFFDF0000.
 *
 * <h2>Values the profiles do not give, chosen here</h2>
 * <ul>
 *   <li>Symbol RVAs for builds without them (22621, 26100, x86), and RVAs of variables no profile
 *       lists (KdpDebuggerDataListHead, and ObHeaderCookie etc. where missing): see
 *       {@link org.memvfs.win.sample.KernelImagePlan}. A GUID and age derived from the profile id
 *       where the profile has none.</li>
 *   <li>Object type indexes (Process 7, Thread 8, Token 5, File 0x1C on Windows 7 / 0x25 later)
 *       and the ObHeaderCookie byte (from the profile id).</li>
 *   <li>The KDBG keys KiWaitNever/KiWaitAlways; pool tags the brief does not name
 *       ("SeOn" audit names, "PsWo" EWOW64PROCESS, "MmLd" module entries, "FMfn" file names,
 *       "FSop" section object pointers, "ObNm" object names, "ObjT" type objects, "Toke" tokens).</li>
 *   <li>PoolType in pool headers: 1 non-paged, 2 paged (the base type plus one).</li>
 *   <li>The layouts the 24H2 profile lacks (_DISPATCHER_HEADER, _KSYSTEM_TIME, the x64 TEB head),
 *       from {@link org.memvfs.win.sample.DocumentedLayouts}; the 32-bit user-mode structures of
 *       a WoW64 process come from the x86 profile of the same build (19041 x86 for Windows 11).</li>
 * </ul>
 *
 * <h2>Not written</h2>
 * The PFN database (MmPfnDatabase holds an address nothing maps), kernel stacks (threads name
 * them but they are not mapped), PspCidTable, the big-pool table, {@code _EPROCESS.Session}
 * (NULL: no profile describes {@code _MM_SESSION_SPACE}; the session id is in
 * {@code _TOKEN.SessionId} and {@code _PEB.SessionId}).
 */
package org.memvfs.win.sample;

package org.memvfs.win.sample;

import org.memvfs.win.profile.WindowsProfile;

/**
 * Access tokens: one {@code _TOKEN} object per process ("Toke" pool block) holding the session id,
 * the logon session (AuthenticationId) and the user SID as the first of UserAndGroups, with the
 * {@code _SID_AND_ATTRIBUTES} array and the SID in the same block after the token.
 */
final class TokenWriter {
    /** Well-known logon sessions: SYSTEM, LOCAL SERVICE, NETWORK SERVICE, and the interactive user's. */
    static final long SYSTEM_LUID = 0x3E7;
    static final long LOCAL_SERVICE_LUID = 0x3E5;
    static final long NETWORK_SERVICE_LUID = 0x3E4;
    static final long USER_LUID = 0x1_A2B3C;
    private static final int TOKEN_PRIMARY = 1;
    private static final int SE_GROUP_ENABLED_USER = 0;
    /** The low bits of an _EX_FAST_REF that count cached references; below 8, so valid on x86 too. */
    static final int FAST_REF_COUNT = 7;

    /** A SID: the identifier authority (5 = NT AUTHORITY) and the sub-authorities. */
    record Sid(int authority, int... subAuthorities) {
        static final Sid SYSTEM = new Sid(5, 18);
        static final Sid LOCAL_SERVICE = new Sid(5, 19);
        static final Sid NETWORK_SERVICE = new Sid(5, 20);
        static final Sid USER = new Sid(5, 21, 1004336348, 1177238915, 682003330, 1001);
        static final Sid DWM = new Sid(5, 90, 0, 1);

        int size() {
            return 8 + 4 * subAuthorities.length;
        }

        /** The SID in memory: Revision 1, SubAuthorityCount, the 6-byte big-endian authority, the sub-authorities. */
        byte[] bytes() {
            byte[] b = new byte[size()];
            b[0] = 1;
            b[1] = (byte) subAuthorities.length;
            b[7] = (byte) authority;
            for (int i = 0; i < subAuthorities.length; i++) {
                LittleEndian.putInt(b, 8 + 4 * i, subAuthorities[i]);
            }
            return b;
        }
    }

    private TokenWriter() {
    }

    /** Writes a token; returns its body's address. */
    static long write(BuildContext ctx, int session, long logonSession, Sid user, int tokenId) {
        WindowsProfile p = ctx.profile;
        int tokenSize = p.structSize("_TOKEN");
        int entrySize = p.structSize("_SID_AND_ATTRIBUTES");
        long token = ctx.objects.create(ObjectManager.Type.TOKEN, "Toke", tokenSize + entrySize + user.size(),
                KernelPool.Kind.PAGED, 0, null);
        long groups = token + tokenSize;
        long sid = groups + entrySize;
        ctx.kernel.write(sid, user.bytes());
        new StructWriter(p, ctx.kernel, "_SID_AND_ATTRIBUTES", groups).ptr("Sid", sid).u32("Attributes", SE_GROUP_ENABLED_USER);
        StructWriter t = new StructWriter(p, ctx.kernel, "_TOKEN", token);
        t.at("TokenId", "_LUID").u32("LowPart", tokenId);
        t.at("AuthenticationId", "_LUID").u32("LowPart", logonSession);
        t.u32("SessionId", session).u32("UserAndGroupCount", 1).ptr("UserAndGroups", groups).u32("TokenType", TOKEN_PRIMARY);
        return token;
    }
}

package dev.userinfo.bench.data;

import java.sql.Connection;

/**
 * userinfo-service's directory (seed 002): organisations with roles, every scale user a member of one organisation
 * with one role. Ids from {@link #FIRST_ID} on, clear of what an operator creates by hand.
 */
final class Organisations implements CopyPart {

    static final long FIRST_ID = 1_000_000;
    static final int ROLES = 10;
    private final long orgs;

    Organisations(long orgs) {
        this.orgs = orgs;
    }

    @Override
    public String name() {
        return "orgs";
    }

    @Override
    public String write(Connection tx, ScaleData data) throws Exception {
        try (CopyRows rows = new CopyRows(tx, "userinfo.org", "org_id, org_code, org_name")) {
            for (long i = 1; i <= orgs; i++) {
                rows.row(FIRST_ID + i, "scale-org-" + i, "Scale organisation " + i);
            }
        }
        try (CopyRows rows = new CopyRows(tx, "userinfo.role", "role_id, role_code, role_name")) {
            for (int i = 1; i <= ROLES; i++) {
                rows.row(FIRST_ID + i, "scale-role-" + i, "Scale role " + i);
            }
        }
        long members = 0;
        if (orgs > 0) {
            long[] orgOf = new long[data.userIds.length];
            try (CopyRows rows = new CopyRows(tx, "userinfo.membership", "user_id, org_id")) {
                for (int u = 0; u < data.userIds.length; u++) {
                    orgOf[u] = FIRST_ID + 1 + data.random.nextLong(orgs);
                    rows.row(data.userIds[u], orgOf[u]);
                }
                members = rows.rows();
            }
            try (CopyRows rows = new CopyRows(tx, "userinfo.membership_role", "user_id, org_id, role_id")) {
                for (int u = 0; u < data.userIds.length; u++) {
                    rows.row(data.userIds[u], orgOf[u], FIRST_ID + 1 + data.random.nextInt(ROLES));
                }
            }
        }
        UserinfoCache.dropEverywhere(tx);
        return "orgs=" + orgs + " roles=" + ROLES + " memberships=" + members;
    }
}

package dev.userinfo.bench.data;

import java.sql.Connection;

/**
 * userinfo-service's per-app groups (seed 004): {@link #GROUPS} groups per scale app, every scale user a member of one
 * group of one app. The apps' rows there came through the app event delivery ({@link ScaleApps} waits for them).
 */
final class AppGroups implements CopyPart {

    /** Group ids 2, 3, 4: 0 and 1 are the seed's built-in groups. */
    static final int GROUPS = 3;

    @Override
    public String name() {
        return "app-groups";
    }

    @Override
    public String write(Connection tx, ScaleData data) throws Exception {
        if (data.appIds.length == 0) {
            return "groups=0 members=0";
        }
        try (CopyRows rows = new CopyRows(tx, "userinfo.app_group", "app_id, group_id, name")) {
            for (long app : data.appIds) {
                for (int g = 2; g < 2 + GROUPS; g++) {
                    rows.row(app, g, "Scale group " + g);
                }
            }
        }
        long members;
        try (CopyRows rows = new CopyRows(tx, "userinfo.group_member", "app_id, group_id, user_id")) {
            for (long user : data.userIds) {
                rows.row(data.appIds[data.anyApp()], 2 + data.random.nextInt(GROUPS), user);
            }
            members = rows.rows();
        }
        UserinfoCache.dropEverywhere(tx);
        return "groups=" + (long) data.appIds.length * GROUPS + " members=" + members;
    }
}

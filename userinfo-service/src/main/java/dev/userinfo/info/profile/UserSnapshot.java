package dev.userinfo.info.profile;

import java.util.List;
import java.util.Map;

/**
 * Everything the dialects may show of one user, read in one query and cached as a whole.
 *
 * @param nickname  the operator's nickname, else the display name auth-service delivered
 * @param gender    0 unknown, 1 male, 2 female
 * @param location  ISO 3166-1 alpha-2 country of the last login IP, "" when unknown
 * @param groups    per app id, the user's group ids in ascending order (seed 004)
 */
public record UserSnapshot(long userId, String account, String nickname, String avatar, int gender, String email,
                           String phone, String status, long chatDurationSeconds, String location,
                           List<OrgMembership> orgs, Map<Long, List<Integer>> groups) {

    /** Active users are served; disabled and deleted ones are not (docs/internal-contracts.md §3). */
    public boolean served() {
        return "active".equals(status);
    }

    public List<Integer> groupsIn(long appId) {
        return groups.getOrDefault(appId, List.of());
    }

    public record OrgMembership(long orgId, String orgCode, String orgName, List<Role> roles) {
    }

    public record Role(long roleId, String roleCode, String roleName) {
    }
}

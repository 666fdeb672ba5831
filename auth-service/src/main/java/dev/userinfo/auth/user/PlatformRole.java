package dev.userinfo.auth.user;

import dev.userinfo.contracts.admin.AdminScopes;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A user's role on the platform itself (issue #18), beside being a user: an operator runs the platform (reads and
 * changes through every admin API), an auditor reads everything and changes nothing. The role decides which admin
 * scopes the user's console token and personal access tokens may carry; everyone else may carry none.
 */
public enum PlatformRole {
    OPERATOR("operator", AdminScopes.READ, AdminScopes.WRITE),
    AUDITOR("auditor", AdminScopes.READ);

    private final String value;
    private final Set<String> adminScopes;

    PlatformRole(String value, String... adminScopes) {
        this.value = value;
        this.adminScopes = Set.copyOf(new LinkedHashSet<>(Arrays.asList(adminScopes)));
    }

    /** The role as stored in {@code app_user.platform_role} and shown by the admin API. */
    public String value() {
        return value;
    }

    public static Optional<PlatformRole> of(String value) {
        return Arrays.stream(values()).filter(r -> r.value.equals(value)).findFirst();
    }

    /** The admin scopes a holder of {@code role} may be granted: none for null or an unknown value. */
    public static Set<String> adminScopesOf(String role) {
        return of(role).map(r -> r.adminScopes).orElse(Set.of());
    }

    /** Whether {@code scope} is an operator scope (admin:read, admin:write): never an app's, only a role's. */
    public static boolean isAdminScope(String scope) {
        return AdminScopes.READ.equals(scope) || AdminScopes.WRITE.equals(scope);
    }
}

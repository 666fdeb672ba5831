package dev.userinfo.auth.app;

import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.user.PlatformRole;
import dev.userinfo.contracts.admin.AdminProblem;
import dev.userinfo.contracts.clients.WellKnownClients;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The rules of a valid registration or change: each refusal a 400 admin problem naming the field. */
final class AppRules {

    private static final int MAX_NAME = 100;
    private static final int MAX_REDIRECT_URIS = 10;

    private AppRules() {
    }

    static String description(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 500 || value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw AdminProblem.invalid("description is at most 500 characters, no control characters");
        }
        return value.strip();
    }

    static String logoUrl(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            java.net.URI uri = new java.net.URI(value);
            if (value.length() > 2000 || !"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null) {
                throw AdminProblem.invalid("logo_url must be an https URL of at most 2000 characters");
            }
        } catch (java.net.URISyntaxException e) {
            throw AdminProblem.invalid("logo_url must be an https URL of at most 2000 characters");
        }
        return value;
    }

    static String name(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw AdminProblem.invalid("name is required, at most " + MAX_NAME + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw AdminProblem.invalid("name must not contain control characters");
        }
        return name;
    }

    static List<String> redirectUris(List<String> uris) {
        if (uris == null) {
            return List.of();
        }
        if (uris.size() > MAX_REDIRECT_URIS) {
            throw AdminProblem.invalid("at most " + MAX_REDIRECT_URIS + " redirect URIs");
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(uris));
        for (String uri : distinct) {
            String problem = RedirectUris.problem(uri);
            if (problem != null) {
                throw AdminProblem.invalid(problem);
            }
        }
        return distinct;
    }

    static Set<String> scopes(List<String> requested) {
        Set<String> scopes = new LinkedHashSet<>(requested == null ? List.of() : requested);
        for (String scope : scopes) {
            if (scope != null && PlatformRole.isAdminScope(scope)) {
                // Issue #18: admin scopes come only from a user's platform role, never from an app's registration.
                throw AdminProblem.invalid("scope " + scope + " is an operator scope: no app may register it");
            }
            if (scope != null && dev.userinfo.auth.scope.ServiceScopes.isServiceScope(scope)) {
                // Issue #13, 1: a registration never names a service scope; only auth.service-scopes.* grants one.
                throw AdminProblem.invalid("scope " + scope + " is a service scope: it cannot be registered; an "
                        + "operator grants it with auth.service-scopes.quota-writers");
            }
            if (scope == null || Scope.of(scope).isEmpty()) {
                throw AdminProblem.invalid("unknown scope: " + scope + "; known: " + Scope.allValues());
            }
        }
        return scopes;
    }

    static AppRegistry.Validated validate(AppRegistration r) {
        if (r == null) {
            throw AdminProblem.invalid("a JSON body is required");
        }
        String clientId = r.clientId() == null ? "app_" + ClientSecrets.generate().substring(0, 20).replace('-', 'x').replace('_', 'y')
                : r.clientId();
        if (!AppRegistry.isWellFormedClientId(clientId)) {
            throw AdminProblem.invalid("client_id must be 3 to 64 of A-Z a-z 0-9 . _ ~ -");
        }
        if (clientId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Seed 002's X-App-Id takes an app's numeric appid or its client_id: a numeric client_id could name two apps.
            throw AdminProblem.invalid("client_id must not be only digits: digits are an appid (seed 002's X-App-Id takes both)");
        }
        if (WellKnownClients.PERSONAL_ACCESS_TOKEN.equals(clientId) || WellKnownClients.PLATFORM_CONSOLE.equals(clientId)) {
            // Resource services tell personal access tokens by this client_id (contract §1), and operators' console
            // tokens by platform-console (issue #18): no app may take either.
            throw AdminProblem.invalid("client_id " + clientId + " is reserved");
        }
        String type = r.clientType() == null ? App.CONFIDENTIAL : r.clientType();
        if (!type.equals(App.CONFIDENTIAL) && !type.equals(App.PUBLIC)) {
            throw AdminProblem.invalid("client_type must be confidential or public");
        }
        return new AppRegistry.Validated(name(r.name()), clientId, type, redirectUris(r.redirectUris()), scopes(r.scopes()),
                description(r.description()), logoUrl(r.logoUrl()));
    }
}

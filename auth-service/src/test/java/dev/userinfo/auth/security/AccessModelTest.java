package dev.userinfo.auth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.token.AuthorizationCodes;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.auth.user.User;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The README's access model, rows for the machine endpoints (admin API, the internal endpoints, introspection):
 * every credential a row does not allow is tried and refused with the row's status in its envelope, nothing is
 * created or changed, and the credential the row allows is accepted (so this test can fail). The page rows are
 * tried by the page tests the README names (another user's session, no session, a foreign CSRF token).
 */
@QuarkusTest
class AccessModelTest {

    static final String DEMO = Grants.basic("demo-app", "demo-secret");

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    /** Every kind of credential the platform knows, by name, minted for real against this service. */
    private Map<String, String> credentials() {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("openid", "profile", "quota_read"), null, null);
        Response tokens = form("/oauth2/token", DEMO, "grant_type", "authorization_code", "code", code.code(),
                "redirect_uri", Grants.REDIRECT);
        assertEquals(200, tokens.statusCode(), tokens.asString());
        Response clientToken = form("/oauth2/token", DEMO, "grant_type", "client_credentials", "scope", "quota_read");
        assertEquals(200, clientToken.statusCode(), clientToken.asString());
        String pat = "pat_" + UUID.randomUUID().toString().replace("-", "") + "abcdefghijk";
        grants.pat(user.id, pat, "profile quota_read quota_write", "now() + interval '1 day'");
        String otherSecret = grants.secretOf("access-model-app", List.of("profile"));

        Map<String, String> all = new LinkedHashMap<>();
        all.put("no credential", null);
        all.put("a wrong operator token", "Bearer not-the-admin-token");
        all.put("the operator token", "Bearer test-admin-token");
        all.put("the operator token as a Basic password", Grants.basic("admin", "test-admin-token"));
        all.put("a user's access token via an app", "Bearer " + tokens.path("access_token"));
        all.put("a user's ID token", "Bearer " + tokens.path("id_token"));
        all.put("an app's own client token", "Bearer " + clientToken.path("access_token"));
        all.put("a personal access token", "Bearer " + pat);
        all.put("an app's client secret", DEMO);
        all.put("another app's client secret", Grants.basic("access-model-app", otherSecret));
        all.put("a wrong client secret", Grants.basic("demo-app", "wrong-secret"));
        all.put("userinfo-service (feed and trigger client)", Grants.basic("userinfo-service", grants.feedClientSecret()));
        all.put("account-quota-service (feed client only)", Grants.basic("account-quota-service", "account-quota-service-demo-secret"));
        return all;
    }

    /** One row of the table: a request and the credentials it allows. */
    private record Row(String name, String method, String path, String contentType, String body, List<String> allowed,
                       int refusedStatus, String refusedError) {
    }

    private List<Row> rows() {
        String trigger = "{\"client_id\":\"demo-app\",\"redirect_uri\":\"" + Grants.REDIRECT + "\",\"scope\":\"profile\","
                + "\"proof\":\"client_token\"}";   // a proven call opens a request: a wrongful acceptance shows in state()
        String newApp = "{\"name\":\"Access model\",\"redirect_uris\":[\"https://a.example/cb\"],\"scopes\":[\"profile\"]}";
        return List.of(
                new Row("GET /admin/users", "GET", "/admin/users", null, null,
                        List.of("the operator token"), 401, "unauthorized"),
                new Row("POST /admin/apps", "POST", "/admin/apps", "application/json", newApp,
                        List.of("the operator token"), 401, "unauthorized"),
                new Row("POST /admin/keys/rotate", "POST", "/admin/keys/rotate", null, null,
                        List.of("the operator token"), 401, "unauthorized"),
                new Row("POST /admin/keys/rotate-now", "POST", "/admin/keys/rotate-now", null, null,
                        List.of("the operator token"), 401, "unauthorized"),
                new Row("GET /internal/revocations", "GET", "/internal/revocations?after=0&wait=0", null, null,
                        List.of("userinfo-service (feed and trigger client)", "account-quota-service (feed client only)"),
                        401, "invalid_client"),
                new Row("POST /internal/prompts", "POST", "/internal/prompts", "application/json", trigger,
                        List.of("userinfo-service (feed and trigger client)"), 401, "invalid_client"));
    }

    @Test
    void everyCredentialARowDoesNotAllowIsRefusedAndChangesNothing() {
        Map<String, String> credentials = credentials();
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        for (Row row : rows()) {
            for (Map.Entry<String, String> credential : credentials.entrySet()) {
                if (row.allowed.contains(credential.getKey())) {
                    continue;
                }
                long before = state();
                Response answer = send(row, credential.getValue());
                tried++;
                String body = answer.asString();
                int status = refusedStatus(row, credential.getKey());
                String error = status == 403 ? "insufficient_scope" : row.refusedError;
                if (answer.statusCode() != status || !error.equals(errorOf(answer))) {
                    wrong.add(row.name + " ← " + credential.getKey() + ": " + answer.statusCode() + " " + body);
                } else if (state() != before) {
                    wrong.add(row.name + " ← " + credential.getKey() + ": refused but something changed");
                }
                // A refusal names nothing of the service's data and no credential it was given.
                String value = credential.getValue();
                if (value != null && body.contains(value.substring(value.indexOf(' ') + 1))) {
                    wrong.add(row.name + " ← " + credential.getKey() + ": the answer repeats the credential");
                }
            }
        }
        assertTrue(wrong.isEmpty(), tried + " refusals tried; wrong:\n" + String.join("\n", wrong));
        assertTrue(tried >= 50, "only " + tried);
    }

    @Test
    void theCredentialEachRowAllowsIsAccepted() {
        Map<String, String> credentials = credentials();
        for (Row row : rows()) {
            if (row.path.startsWith("/admin/keys/rotate")) {
                continue;   // accepted rotation is SigningKeyRotationTest's; rotating here would race the other tests
            }
            for (String allowed : row.allowed) {
                Response answer = send(row, credentials.get(allowed));
                assertTrue(answer.statusCode() == 200 || answer.statusCode() == 201,
                        row.name + " ← " + allowed + ": " + answer.statusCode() + " " + answer.asString());
            }
        }
    }

    @Test
    void introspectionShowsAnAppOnlyItsOwnTokensAndPersonalTokensOnlyToResourceServices() {
        Map<String, String> credentials = credentials();
        String userToken = credentials.get("a user's access token via an app").substring(7);
        String pat = credentials.get("a personal access token").substring(7);
        Map<String, Boolean> userTokenActiveFor = Map.of(
                "an app's client secret", true,
                "userinfo-service (feed and trigger client)", true,
                "account-quota-service (feed client only)", true,
                "another app's client secret", false);
        userTokenActiveFor.forEach((who, active) -> assertEquals(active,
                form("/oauth2/introspect", credentials.get(who), "token", userToken).path("active"), who));
        Map<String, Boolean> patActiveFor = Map.of(
                "userinfo-service (feed and trigger client)", true,
                "an app's client secret", false,
                "another app's client secret", false);
        patActiveFor.forEach((who, active) -> assertEquals(active,
                form("/oauth2/introspect", credentials.get(who), "token", pat).path("active"), who));
        for (String who : List.of("no credential", "the operator token", "a wrong client secret",
                "a user's access token via an app", "an app's own client token", "a personal access token")) {
            Response refused = form("/oauth2/introspect", credentials.get(who), "token", userToken);
            assertEquals(401, refused.statusCode(), who + ": " + refused.asString());
            assertEquals("invalid_client", refused.path("error"), who);
            assertFalse(refused.asString().contains("\"active\""), who);
        }
    }

    @Test
    void anotherAppCannotRevokeAnAppsToken() {
        Map<String, String> credentials = credentials();
        String userToken = credentials.get("a user's access token via an app").substring(7);
        Response answer = form("/oauth2/revoke", credentials.get("another app's client secret"), "token", userToken);
        assertEquals(200, answer.statusCode(), "RFC 7009 §2.2: the same answer, whose ever the token");
        assertEquals(true, form("/oauth2/introspect", DEMO, "token", userToken).path("active"), "still active");
    }

    /**
     * Issue #18: at the admin API a genuine token of ours without the admin scope (a user's via an app, an app's own, a
     * plain personal token) is a valid credential lacking privileges, 403 insufficient_scope; anything else is 401.
     */
    private static int refusedStatus(Row row, String credential) {
        boolean genuineToken = credential.equals("a user's access token via an app") || credential.equals("an app's own client token")
                || credential.equals("a personal access token");
        return row.path.startsWith("/admin/") && genuineToken ? 403 : row.refusedStatus;
    }

    private Response send(Row row, String credential) {
        RequestSpecification spec = TestHttps.given(url);
        if (credential != null) {
            spec.header("Authorization", credential);
        }
        if (row.body != null) {
            spec.contentType(row.contentType).body(row.body);
        }
        return spec.request(row.method, row.path);
    }

    private Response form(String path, String authorization, String... nameValues) {
        RequestSpecification spec = TestHttps.given(url).contentType(ContentType.URLENC);
        for (int i = 0; i < nameValues.length; i += 2) {
            spec.formParam(nameValues[i], nameValues[i + 1]);
        }
        if (authorization != null) {
            spec.header("Authorization", authorization);
        }
        return spec.post(path);
    }

    private static String errorOf(Response answer) {
        try {
            return answer.path("error");
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** What a wrongly accepted call would change: apps, signing keys, prompts. */
    private static long state() {
        return Fixtures.count("SELECT (SELECT count(*) FROM app) * 1000000 + (SELECT count(*) FROM signing_key) * 1000 "
                + "+ (SELECT count(*) FROM authorization_prompt)");
    }
}

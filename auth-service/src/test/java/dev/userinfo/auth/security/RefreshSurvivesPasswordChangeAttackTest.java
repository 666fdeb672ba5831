package dev.userinfo.auth.security;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.testing.PageBrowser;
import dev.userinfo.auth.token.AuthorizationCodes;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.auth.user.User;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 6: a refresh token taken before a password change (stolen with the old password) used to keep
 * working after it. Now the change revokes every refresh family of the user in its transaction.
 */
@QuarkusTest
class RefreshSurvivesPasswordChangeAttackTest {

    static final String VERIFIER = "refresh-after-password-change-verifier-0123456789abcdefghij";
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("demo-app:demo-secret".getBytes(StandardCharsets.UTF_8));

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    private Response token(Map<String, String> form) {
        return TestHttps.given(url).contentType(ContentType.URLENC).header("Authorization", BASIC).formParams(form)
                .post("/oauth2/token");
    }

    private Response refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    private Response patchUser(long id, Map<String, String> body) {
        return TestHttps.given(url).header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON)
                .body(body).patch("/admin/users/" + id);
    }

    @Test
    void refreshTokenTakenBeforeAPasswordChangeIsRefusedAfterIt() {
        User user = grants.user();
        AuthorizationCodes.Issued code = grants.code(user.id, List.of("openid", "profile", "offline_access"),
                Grants.challenge(VERIFIER), null);
        String stolen = token(Map.of("grant_type", "authorization_code", "code", code.code(), "redirect_uri", Grants.REDIRECT,
                "code_verifier", VERIFIER)).then().statusCode(200).extract().path("refresh_token");
        Fixtures.execute("INSERT INTO consent (user_id, appid, scopes) VALUES (:p1, 1, ARRAY['openid','profile','offline_access'])",
                user.id);
        PageBrowser browser = new PageBrowser(url);
        browser.login(user.login, "password-" + user.login).then().statusCode(303);

        // A change that is not the password leaves the family alone (the control).
        patchUser(user.id, Map.of("display_name", "Renamed")).then().statusCode(200);
        stolen = refresh(stolen).then().statusCode(200).body("refresh_token", notNullValue()).extract().path("refresh_token");
        assertEquals(1, Fixtures.count("SELECT count(*) FROM browser_session WHERE user_id = :p1", user.id));

        patchUser(user.id, Map.of("password", "a-brand-new-password")).then().statusCode(200);

        refresh(stolen).then().statusCode(400).body("error", equalTo("invalid_grant"));
        // The family is revoked, resource services are told (access tokens of that app issued before now), the
        // sessions are over; the consent and personal access tokens stay, as the README says.
        assertEquals(0, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1 AND revoked_at IS NULL",
                user.id));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1 "
                + "AND revoked_reason = 'password changed'", user.id));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM revocation WHERE kind = 'user_app' AND subject = :p1 "
                + "AND client_id = 'demo-app' AND issued_before IS NOT NULL", Long.toString(user.id)));
        assertEquals(0, Fixtures.count("SELECT count(*) FROM browser_session WHERE user_id = :p1", user.id));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM consent WHERE user_id = :p1", user.id));
        // Refused again: a second try does not revive it, and no new family appeared.
        refresh(stolen).then().statusCode(400).body("error", equalTo("invalid_grant"));
        assertEquals(1, Fixtures.count("SELECT count(*) FROM authorization_grant WHERE user_id = :p1", user.id));
    }
}

package dev.userinfo.auth.revocation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.token.Grants;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** GET /internal/revocations: what jwt-verification's follower reads. */
@QuarkusTest
class RevocationFeedTest {

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    @Inject
    Revocations revocations;

    Response feed(String query, String authorization) {
        var spec = TestHttps.given(url).urlEncodingEnabled(false);
        if (authorization != null) {
            spec.header("Authorization", authorization);
        }
        return spec.get("/internal/revocations" + query);
    }

    String follower() {
        return Grants.basic("userinfo-service", grants.feedClientSecret());
    }

    @Test
    void startFromZeroThenFollowTheCursor() {
        String jti = UUID.randomUUID().toString();
        Grants.await(() -> revocations.revokeAccessToken(jti, Instant.now().plusSeconds(600)));
        String expiredJti = UUID.randomUUID().toString();
        Grants.await(() -> revocations.revokeAccessToken(expiredJti, Instant.now().minusSeconds(1)));
        JsonPath all = feed("?after=0", follower()).then().statusCode(200).header("Cache-Control", "no-store")
                .extract().jsonPath();
        List<Map<String, Object>> rules = all.getList("revocations");
        assertTrue(rules.stream().anyMatch(r -> jti.equals(r.get("jti")) && "token".equals(r.get("kind"))
                && r.get("expires_at") != null), rules.toString());
        assertTrue(rules.stream().noneMatch(r -> expiredJti.equals(r.get("jti"))), "expired rules are not served");
        long last = all.getLong("last_seq");
        assertTrue(last >= rules.stream().mapToLong(r -> ((Number) r.get("seq")).longValue()).max().orElse(0));
        feed("?after=" + last, follower()).then().statusCode(200).body("revocations.size()", equalTo(0))
                .body("last_seq", equalTo((int) last)).body("more", equalTo(false));

        Grants.await(() -> revocations.revokeUserApp(10001L, 1L, "demo-app", "test"));
        JsonPath next = feed("?after=" + last, follower()).then().statusCode(200).extract().jsonPath();
        assertEquals(1, next.getList("revocations").size());
        assertEquals("user_app", next.getString("revocations[0].kind"));
        assertEquals("10001", next.getString("revocations[0].sub"));
        assertEquals("demo-app", next.getString("revocations[0].client_id"));
        assertTrue(Instant.parse(next.getString("revocations[0].issued_before")).isBefore(Instant.now().plusSeconds(1)));
    }

    @Test
    void aWaitingFollowerIsWokenByANewRule() throws Exception {
        long last = feed("?after=0", follower()).then().statusCode(200).extract().jsonPath().getLong("last_seq");
        String authorization = follower();
        CompletableFuture<JsonPath> waiting = CompletableFuture.supplyAsync(
                () -> feed("?after=" + last + "&wait=25", authorization).then().statusCode(200).extract().jsonPath());
        Thread.sleep(500);
        assertTrue(!waiting.isDone(), "nothing new: the follower waits");
        UUID grant = UUID.randomUUID();
        Grants.await(() -> revocations.revokeGrant(grant, "test"));
        JsonPath woken = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("grant", woken.getString("revocations[0].kind"));
        assertEquals(grant.toString(), woken.getString("revocations[0].gid"));
    }

    @Test
    void onlyFeedClientsReadIt() {
        feed("?after=0", null).then().statusCode(401).body("error", equalTo("invalid_client"));
        feed("?after=0", Grants.basic("demo-app", "demo-secret")).then().statusCode(401).body("error", equalTo("invalid_client"));
        feed("?after=0", Grants.basic("userinfo-service", "wrong")).then().statusCode(401);
        feed("?after=0", "Bearer x").then().statusCode(401);
    }

    @Test
    void badCursorsAreInvalidRequest() {
        for (String query : List.of("?after=-1", "?after=abc", "?after=1&after=2", "?after=99999999999999999999",
                "?wait=31", "?wait=x", "?after=%27%20OR%201%3D1", "?after=%E4%B8%80", "?after=")) {
            feed(query, follower()).then().statusCode(400).body("error", equalTo("invalid_request"));
        }
    }
}

package dev.userinfo.auth.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.userinfo.auth.app.AppRegistry;
import dev.userinfo.auth.testing.Fixtures;
import dev.userinfo.auth.token.Grants;
import dev.userinfo.contracts.prompt.PromptTriggerAnswer;
import dev.userinfo.contracts.testing.GoldenFixtures;
import dev.userinfo.jwt.testing.TestHttps;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The serving side of docs/internal-contracts.md §4 against its golden fixtures: the request userinfo-service sends
 * (docs/contracts/prompt-trigger-request.json) is accepted, its refused variant is a 400 that opens nothing, and the
 * answers have exactly the fields of prompt-trigger-answer.json and prompt-trigger-answer-unproven.json.
 */
@QuarkusTest
class PromptTriggerContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URL url;

    @Inject
    Grants grants;

    private static ObjectNode fixture(String name) throws IOException {
        return (ObjectNode) JSON.readTree(GoldenFixtures.read(name));
    }

    /** The fixture as a registered app of this run would send it: its client_id and redirect URI. */
    private ObjectNode forAnApp(String name) throws IOException {
        AppRegistry.Registered app = grants.app(Fixtures.unique("contract-app"), "confidential",
                List.of("user_info_read", "user_chat_duration_read"));
        return fixture(name).put("client_id", app.app().clientId).put("redirect_uri", Grants.REDIRECT);
    }

    private Response trigger(JsonNode body) {
        return TestHttps.given(url).contentType(ContentType.JSON)
                .header("Authorization", Grants.basic("userinfo-service", grants.feedClientSecret()))
                .body(body.toString()).post("/internal/prompts");
    }

    private static void sameFields(String fixture, Response answer) throws IOException {
        assertEquals(200, answer.statusCode(), answer.asString());
        Map<String, Object> fields = answer.jsonPath().getMap("$");
        Set<String> expected = new HashSet<>();
        fixture(fixture).fieldNames().forEachRemaining(expected::add);
        assertEquals(expected, fields.keySet(), answer.asString());
        PromptTriggerAnswer read = PromptTriggerAnswer.read(fields);
        assertNotNull(read.authorizeUrl());
        assertEquals(fields.get("proven"), read.proven());
    }

    @Test
    void theGoldenRequestIsAcceptedAndTheAnswerHasTheGoldenFields() throws IOException {
        Response proven = trigger(forAnApp("prompt-trigger-request.json"));
        sameFields("prompt-trigger-answer.json", proven);
        assertEquals(true, proven.path("proven"));
        assertEquals(false, proven.path("prompted"), "user 10001 of the fixture never authorized this new app");

        ObjectNode unproven = forAnApp("prompt-trigger-request.json");
        unproven.remove(List.of("proof", "user_id"));
        sameFields("prompt-trigger-answer-unproven.json", trigger(unproven));
    }

    @Test
    void theRefusedVariantIsA400AndOpensNothing() throws IOException {
        long before = Fixtures.count("SELECT count(*) FROM authorization_prompt");
        Response answer = trigger(forAnApp("prompt-trigger-request-secret-without-proof.json"));
        assertEquals(400, answer.statusCode(), answer.asString());
        assertEquals("invalid_request", answer.path("error"));
        assertEquals("client_secret goes with proof client_secret", answer.path("error_description"));
        assertEquals(before, Fixtures.count("SELECT count(*) FROM authorization_prompt"));
    }
}

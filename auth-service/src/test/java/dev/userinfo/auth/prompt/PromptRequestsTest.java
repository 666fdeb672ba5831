package dev.userinfo.auth.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The authorization URL's query a prompt's request carries (seed 000's example, RFC 6749 §4.1.1). Plain unit test. */
class PromptRequestsTest {

    @Test
    void whenTheCallIsProvenThenTheQueryCarriesTheStateAndSpacesAreEncodedAsPercent20() {
        assertEquals("response_type=code&client_id=app1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fa%3Db"
                        + "&scope=openid%20chat&state=s-1",
                PromptRequests.query("app1", "https://app.example/cb?a=b", "openid chat", "s-1"));
    }

    @Test
    void whenTheCallIsUnprovenThenThereIsNoStateForTheAppToWaitOn() {
        assertEquals("response_type=code&client_id=app1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=",
                PromptRequests.query("app1", "https://app.example/cb", null, null));
    }
}

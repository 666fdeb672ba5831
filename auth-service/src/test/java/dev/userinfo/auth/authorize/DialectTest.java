package dev.userinfo.auth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How each door writes its answer into the redirect URI (RFC 6749 §4.1.2, §4.1.2.1, RFC 9207; seed 001). */
class DialectTest {

    private static final String ISS = "https://auth.example.com";

    @Test
    void redirectWhenTheRegisteredUriHasNoQueryThenTheAnswerStartsOne() {
        assertEquals("https://app.example.com/cb?code=c1&state=s1",
                Dialect.redirect("https://app.example.com/cb", ordered("code", "c1", "state", "s1")));
    }

    @Test
    void redirectWhenTheRegisteredUriHasAQueryThenItIsKept() {
        // RFC 6749 §3.1.2: the endpoint URI "MUST retain the query component".
        assertEquals("https://app.example.com/cb?tenant=a&code=c1",
                Dialect.redirect("https://app.example.com/cb?tenant=a", ordered("code", "c1")));
    }

    @Test
    void redirectWhenTheRegisteredUriEndsWithASeparatorThenNoSecondOne() {
        assertEquals("https://app.example.com/cb?code=c1", Dialect.redirect("https://app.example.com/cb?", ordered("code", "c1")));
        assertEquals("https://app.example.com/cb?a=1&code=c1",
                Dialect.redirect("https://app.example.com/cb?a=1&", ordered("code", "c1")));
    }

    @Test
    void redirectWhenValuesHoldReservedCharactersThenTheyAreEncoded() {
        assertEquals("https://app.example.com/cb?state=a%26b%3Dc+d%23e",
                Dialect.redirect("https://app.example.com/cb", ordered("state", "a&b=c d#e")));
    }

    @Test
    void successWhenOAuth2ThenCodeStateAndIssuer() {
        assertEquals(ordered("code", "c1", "state", "s1", "iss", ISS), Dialect.OAUTH2.success("c1", "s1", ISS));
        assertEquals(ordered("code", "c1", "iss", ISS), Dialect.OAUTH2.success("c1", null, ISS));
    }

    @Test
    void errorWhenOAuth2ThenErrorDescriptionStateAndIssuer() {
        assertEquals(ordered("error", "invalid_scope", "error_description", "bad", "state", "s1", "iss", ISS),
                Dialect.OAUTH2.error("invalid_scope", "bad", "s1", ISS));
        assertEquals(ordered("error", "access_denied", "iss", ISS), Dialect.OAUTH2.error("access_denied", null, null, ISS));
    }

    @Test
    void successWhenSeed001ThenErrCodeZeroBeforeTheCode() {
        assertEquals(ordered("err_code", "0", "code", "c1", "state", "s1", "iss", ISS), Dialect.SEED001.success("c1", "s1", ISS));
    }

    @Test
    void errorWhenSeed001ThenTheSeedsErrCodeAndNoDescription() {
        assertEquals(ordered("err_code", "-3", "err_msg", "无效的scope", "state", "s1", "iss", ISS),
                Dialect.SEED001.error("invalid_scope", "scope x is unknown", "s1", ISS));
        assertEquals(ordered("err_code", "-4", "err_msg", "用户拒绝授权", "iss", ISS),
                Dialect.SEED001.error("access_denied", null, null, ISS));
    }

    @Test
    void errorWhenSeed001AndAnErrorWithoutItsOwnCodeThenInvalidRequest() {
        assertEquals("-1", Dialect.SEED001.error("unsupported_response_type", "x", null, ISS).get("err_code"));
        assertEquals("-1", Dialect.SEED001.error("invalid_target", "x", null, ISS).get("err_code"));
    }

    @Test
    void fromFormValueWhenKnownThenItsDialectAndOtherwiseNull() {
        for (Dialect dialect : Dialect.values()) {
            assertEquals(dialect, Dialect.fromFormValue(dialect.formValue()));
        }
        assertEquals(Dialect.SEED001, Dialect.fromFormValue("seed001"));
        assertNull(Dialect.fromFormValue("SEED001"));
        assertNull(Dialect.fromFormValue(null));
    }

    private static Map<String, String> ordered(String... nameValue) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.put(nameValue[i], nameValue[i + 1]);
        }
        return map;
    }
}

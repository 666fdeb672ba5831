package dev.userinfo.auth.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.page.FormBody.BadForm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Strict application/x-www-form-urlencoded parsing (HTML §4.10.21.7 urlencoded, RFC 6749 §3.1 for repeats). */
class FormBodyTest {

    private static FormBody form(String body) {
        return FormBody.parse(FormBody.FORM, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(Runnable parse) {
        return assertThrows(BadForm.class, parse::run).getMessage();
    }

    @Test
    void parseWhenContentTypeIsTheFormTypeWithParametersOrOtherCaseThenAccepted() {
        assertEquals("b", FormBody.parse("application/x-www-form-urlencoded; charset=UTF-8", "a=b".getBytes()).single("a"));
        assertEquals("b", FormBody.parse("Application/X-WWW-Form-Urlencoded", "a=b".getBytes()).single("a"));
    }

    @Test
    void parseWhenContentTypeIsMissingOrAnotherTypeThenRefused() {
        assertTrue(refusal(() -> FormBody.parse(null, "a=b".getBytes())).contains(FormBody.FORM));
        refusal(() -> FormBody.parse("application/json", "{}".getBytes()));
        refusal(() -> FormBody.parse("multipart/form-data; boundary=x", "a=b".getBytes()));
        refusal(() -> FormBody.parse("application/x-www-form-urlencodedx", "a=b".getBytes()));
    }

    @Test
    void parseWhenBodyIsAtTheLimitThenAcceptedAndOneByteMoreThenRefused() {
        String atLimit = "a=" + "x".repeat(FormBody.MAX_BYTES - 2);
        assertEquals(FormBody.MAX_BYTES - 2, form(atLimit).single("a").length());
        assertTrue(refusal(() -> form(atLimit + "x")).contains("larger than"));
    }

    @Test
    void parseQueryWhenLongerThanTheLimitThenRefused() {
        assertTrue(refusal(() -> FormBody.parseQuery("a=" + "x".repeat(FormBody.MAX_BYTES))).contains("longer than"));
    }

    @Test
    void parseWhenBodyIsNullOrEmptyThenNoParameters() {
        assertTrue(FormBody.parse(FormBody.FORM, null).asMap().isEmpty());
        assertTrue(form("").asMap().isEmpty());
        assertTrue(FormBody.parseQuery(null).asMap().isEmpty());
    }

    @Test
    void parseWhenPercentAndPlusEncodedThenDecodedAsUtf8() {
        FormBody body = form("name=%E5%BC%A0%E4%B8%89&greeting=hello+world&sym=a%2Bb%26c%3Dd");
        assertEquals("张三", body.single("name"));
        assertEquals("hello world", body.single("greeting"));
        assertEquals("a+b&c=d", body.single("sym"));
    }

    @Test
    void parseWhenNamesAreEncodedThenDecodedToo() {
        assertEquals("1", form("redirect%5Furi=1").single("redirect_uri"));
    }

    @Test
    void parseWhenPairsAreEmptyOrHaveNoEqualsSignThenSkippedOrEmptyValued() {
        FormBody body = form("&&a=1&&flag&b=&");
        assertEquals(List.of("a", "flag", "b"), List.copyOf(body.asMap().keySet()));
        assertEquals("", body.single("flag"));
        assertEquals("", body.single("b"));
    }

    @Test
    void parseWhenAValueHoldsAnEqualsSignThenOnlyTheFirstSplits() {
        assertEquals("x=y", form("a=x=y").single("a"));
    }

    @Test
    void parseWhenPercentEncodingIsMalformedThenRefused() {
        assertTrue(refusal(() -> form("a=%zz")).contains("percent-encoding"));
        refusal(() -> form("a=%4"));
        refusal(() -> form("a%=1"));
    }

    @Test
    void parseWhenPercentEncodedBytesAreNotUtf8ThenRefused() {
        assertTrue(refusal(() -> form("a=%FF")).contains("UTF-8"));
        refusal(() -> form("a=%C3"));
        refusal(() -> form("a=%C3%28"));
    }

    @Test
    void parseWhenAReplacementCharacterIsSentOnPurposeThenKept() {
        assertEquals("\uFFFD", form("a=%EF%BF%BD").single("a"));
        assertEquals("\uFFFD", form("a=%ef%bf%bd").single("a"));
    }

    @Test
    void parseWhenTheRawBodyIsNotUtf8ThenRefused() {
        byte[] latin1 = "a=caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(refusal(() -> FormBody.parse(FormBody.FORM, latin1)).contains("UTF-8"));
    }

    @Test
    void singleWhenAbsentThenNull() {
        assertNull(form("a=1").single("b"));
    }

    @Test
    void singleWhenRepeatedThenRefusedNamingOnlyTheParameter() {
        // RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
        FormBody body = form("scope=secret1&scope=secret2");
        String message = refusal(() -> body.single("scope"));
        assertTrue(message.contains("scope") && message.contains("repeated"), message);
        assertFalse(message.contains("secret"), message);
    }

    @Test
    void singleWhenTheValueHoldsANulThenRefused() {
        FormBody body = form("a=x%00y");
        assertTrue(refusal(() -> body.single("a")).contains("NUL"));
    }

    @Test
    void repeatedWhenTwiceThenTrueAndOnceOrAbsentThenFalse() {
        FormBody body = form("a=1&a=2&b=3");
        assertTrue(body.repeated("a"));
        assertFalse(body.repeated("b"));
        assertFalse(body.repeated("c"));
    }

    @Test
    void allWhenRepeatedThenEveryValueInOrder() {
        FormBody body = form("scope=openid&x=1&scope=email");
        assertEquals(List.of("openid", "email"), body.all("scope"));
        assertEquals(List.of(), body.all("none"));
    }

    @Test
    void allWhenAnyValueHoldsANulThenRefused() {
        FormBody body = form("c=ok&c=b%00d");
        assertTrue(refusal(() -> body.all("c")).contains("NUL"));
    }

    @Test
    void firstWithNulWhenANameOrValueHoldsOneThenItsName() {
        assertNull(form("a=1&b=2").firstWithNul());
        assertEquals("b", form("a=1&b=x%00").firstWithNul());
        assertEquals("n\u0000m", form("a=1&n%00m=2").firstWithNul());
    }

    @Test
    void asMapWhenParsedThenParametersInArrivalOrder() {
        assertEquals(Map.of("b", List.of("1", "3"), "a", List.of("2")), form("b=1&a=2&b=3").asMap());
        assertEquals(List.of("b", "a"), List.copyOf(form("b=1&a=2&b=3").asMap().keySet()));
    }
}

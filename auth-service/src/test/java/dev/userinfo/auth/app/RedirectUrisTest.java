package dev.userinfo.auth.app;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which redirect URIs an app may register (RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §2.1). */
class RedirectUrisTest {

    private static void accepted(String uri) {
        assertNull(RedirectUris.problem(uri), uri);
    }

    private static void refused(String uri, String why) {
        String problem = RedirectUris.problem(uri);
        assertNotNull(problem, uri);
        assertTrue(problem.contains(why), problem);
    }

    @Test
    void problemWhenHttpsWithHostPathAndQueryThenAccepted() {
        accepted("https://app.example.com/callback");
        accepted("https://app.example.com:8443/cb?tenant=a&x=1");
        accepted("HTTPS://app.example.com/cb");
    }

    @Test
    void problemWhenAFragmentIsPresentThenRefused() {
        // RFC 6749 §3.1.2: "The endpoint URI MUST NOT include a fragment component."
        refused("https://app.example.com/cb#top", "fragment");
        refused("https://app.example.com/cb#", "fragment");
        refused("com.example.app:/cb#x", "fragment");
    }

    @Test
    void problemWhenRelativeThenRefused() {
        // RFC 6749 §3.1.2: "The redirection endpoint URI MUST be an absolute URI."
        refused("/callback", "absolute");
        refused("//app.example.com/cb", "absolute");
    }

    @Test
    void problemWhenHttpsHasNoHostThenRefused() {
        refused("https:/cb", "no host");
        refused("https:opaque", "no host");
    }

    @Test
    void problemWhenPlainHttpToLoopbackOnAnyPortThenAccepted() {
        // RFC 8252 §7.3: loopback redirects use http, and the port is chosen at run time.
        accepted("http://127.0.0.1/cb");
        accepted("http://127.0.0.1:51004/cb");
        accepted("http://[::1]:8080/cb");
        accepted("http://localhost:3000/cb");
        accepted("http://LOCALHOST/cb");
    }

    @Test
    void problemWhenPlainHttpToAnyOtherHostThenRefused() {
        refused("http://app.example.com/cb", "loopback");
        refused("http://127.0.0.2/cb", "loopback");
        refused("http://localhost.example.com/cb", "loopback");
        refused("http:/cb", "loopback");
    }

    @Test
    void problemWhenDangerousSchemeThenRefused() {
        refused("javascript:alert(1)", "not allowed");
        refused("data:text/html,x", "not allowed");
        refused("file:///etc/passwd", "not allowed");
        refused("vbscript:x", "not allowed");
        refused("JavaScript:alert(1)", "not allowed");
    }

    @Test
    void problemWhenPrivateUseSchemeInReverseDomainNotationThenAccepted() {
        // RFC 8252 §7.1.
        accepted("com.example.app:/oauth2redirect");
        accepted("com.example.app://callback");
    }

    @Test
    void problemWhenCustomSchemeWithoutADotThenRefused() {
        refused("myapp://callback", "reverse domain");
        refused("mailto:someone@example.com", "reverse domain");
    }

    @Test
    void problemWhenEmptyOrBlankThenRefused() {
        refused(null, "empty");
        refused("", "empty");
        refused("   ", "empty");
    }

    @Test
    void problemWhenSpacesOrControlCharactersThenRefused() {
        refused("https://app.example.com/c b", "spaces or control");
        refused("https://app.example.com/cb\n", "spaces or control");
        refused("https://app.example.com/cb\u0000", "spaces or control");
        refused("https://app.example.com/\tcb", "spaces or control");
    }

    @Test
    void problemWhenLongerThanTheLimitThenRefused() {
        String prefix = "https://app.example.com/";
        accepted(prefix + "a".repeat(RedirectUris.MAX_LENGTH - prefix.length()));
        refused(prefix + "a".repeat(RedirectUris.MAX_LENGTH - prefix.length() + 1), "longer than");
    }

    @Test
    void problemWhenNotAValidUriThenRefused() {
        refused("https://app.example.com/cb?x=%zz", "not a valid URI");
        refused("https://app.example.com/<cb>", "not a valid URI");
    }
}

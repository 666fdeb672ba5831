package dev.userinfo.auth.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Synchronizer tokens derived from the session (OWASP CSRF cheat sheet), no storage. */
class CsrfTest {

    @Test
    void forSessionWhenTheSameSessionThenTheSameTokenAndAnotherSessionAnother() {
        assertEquals(Csrf.forSession("s1"), Csrf.forSession("s1"));
        assertNotEquals(Csrf.forSession("s1"), Csrf.forSession("s2"));
    }

    @Test
    void forSessionWhenDerivedThenNeitherTheSessionIdNorTheLoginFormToken() {
        // A token that equals the cookie, or one valid for both purposes, would defeat the binding.
        assertNotEquals("s1", Csrf.forSession("s1"));
        assertNotEquals(Csrf.forLoginForm("s1"), Csrf.forSession("s1"));
    }

    @Test
    void forSessionWhenDerivedThen43Base64UrlCharacters() {
        assertTrue(Csrf.forSession("s1").matches("[A-Za-z0-9_-]{43}"));
    }

    @Test
    void matchesWhenEqualThenTrueAndOtherwiseFalse() {
        String token = Csrf.forSession("s1");
        assertTrue(Csrf.matches(token, token));
        assertFalse(Csrf.matches(token, token.substring(1)));
        assertFalse(Csrf.matches(token, Csrf.forSession("s2")));
    }

    @Test
    void matchesWhenEitherIsMissingThenFalse() {
        assertFalse(Csrf.matches(null, null));
        assertFalse(Csrf.matches(Csrf.forSession("s1"), null));
        assertFalse(Csrf.matches(null, "x"));
    }
}

package dev.userinfo.auth.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scope parameter (RFC 6749 §3.3) and the platform's scope list. */
class ScopeTest {

    @Test
    void parseWhenSpaceDelimitedThenTokensInOrder() {
        assertEquals(List.of("openid", "profile", "email"), List.copyOf(Scope.parse("openid profile email")));
    }

    @Test
    void parseWhenTokensRepeatThenEachOnceAtItsFirstPlace() {
        assertEquals(List.of("profile", "openid"), List.copyOf(Scope.parse("profile openid profile")));
    }

    @Test
    void parseWhenSpacesAreDoubledOrAtTheEndsThenNoEmptyTokens() {
        assertEquals(List.of("openid", "email"), List.copyOf(Scope.parse("  openid   email ")));
    }

    @Test
    void parseWhenNullOrEmptyThenNoTokens() {
        assertTrue(Scope.parse(null).isEmpty());
        assertTrue(Scope.parse("").isEmpty());
        assertTrue(Scope.parse("   ").isEmpty());
    }

    @Test
    void parseWhenSeparatedByTabOrPlusThenOneToken() {
        // RFC 6749 §3.3: the delimiter is %x20 only; a form decoder has already turned '+' into a space.
        assertEquals(List.of("openid\tprofile"), List.copyOf(Scope.parse("openid\tprofile")));
        assertEquals(List.of("openid+profile"), List.copyOf(Scope.parse("openid+profile")));
    }

    @Test
    void parseWhenCaseDiffersThenTokensStayDistinct() {
        // RFC 6749 §3.3: scope tokens are case-sensitive.
        assertEquals(List.of("OpenID", "openid"), List.copyOf(Scope.parse("OpenID openid")));
        assertEquals(Optional.empty(), Scope.of("OpenID"));
    }

    @Test
    void ofWhenAKnownWireValueThenItsScope() {
        for (Scope scope : Scope.values()) {
            assertEquals(Optional.of(scope), Scope.of(scope.value()));
        }
        assertEquals(Optional.of(Scope.QUOTA_WRITE), Scope.of("quota_write"));
    }

    @Test
    void ofWhenUnknownThenEmpty() {
        assertEquals(Optional.empty(), Scope.of("admin"));
        assertEquals(Optional.empty(), Scope.of(""));
    }

    @Test
    void allValuesWhenListedThenEveryWireValueOnceInDeclarationOrder() {
        List<String> all = List.copyOf(Scope.allValues());
        assertEquals(Scope.values().length, all.size());
        assertEquals("openid", all.get(0));
        assertEquals("quota_write", all.get(all.size() - 1));
    }

    @Test
    void descriptionWhenChineseOrNotThenTheMatchingText() {
        for (Scope scope : Scope.values()) {
            assertNotEquals(scope.description(true), scope.description(false), scope.value());
            assertTrue(scope.description(false).chars().allMatch(c -> c < 128), scope.value());
        }
        assertEquals("读取你的电子邮箱", Scope.EMAIL.description(true));
        assertEquals("Read your email address", Scope.EMAIL.description(false));
    }
}

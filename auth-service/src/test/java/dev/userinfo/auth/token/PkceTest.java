package dev.userinfo.auth.token;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PKCE at the token endpoint (RFC 7636 §4.1, §4.6), S256 only (RFC 9700 §2.1.1). */
class PkceTest {

    /** RFC 7636 Appendix B: the example verifier and its S256 challenge. */
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void verifierWhenS256MatchesThenAccepted() {
        assertTrue(Pkce.matches(VERIFIER, CHALLENGE));
    }

    @Test
    void verifierWhenChallengeDiffersThenRefused() {
        assertFalse(Pkce.matches(VERIFIER, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"));
        assertFalse(Pkce.matches(VERIFIER.substring(1) + "A", CHALLENGE));
    }

    @Test
    void verifierWhenPlainChallengeEqualsItThenRefused() {
        // The plain method (challenge = verifier) is not accepted: only the S256 transformation counts.
        assertFalse(Pkce.matches(VERIFIER, VERIFIER));
    }

    @Test
    void verifierWhenChallengeIsPaddedOrStandardBase64ThenRefused() {
        assertFalse(Pkce.matches(VERIFIER, CHALLENGE + "="));
        assertFalse(Pkce.matches(VERIFIER, CHALLENGE.toLowerCase()));
    }

    @Test
    void verifierWhenChallengeIsMissingThenRefused() {
        assertFalse(Pkce.matches(VERIFIER, null));
        assertFalse(Pkce.matches(null, CHALLENGE));
    }

    @Test
    void verifierWhen43Or128CharactersThenWellFormed() {
        assertTrue(Pkce.wellFormedVerifier("a".repeat(43)));
        assertTrue(Pkce.wellFormedVerifier("a".repeat(128)));
    }

    @Test
    void verifierWhen42Or129CharactersThenMalformed() {
        assertFalse(Pkce.wellFormedVerifier("a".repeat(42)));
        assertFalse(Pkce.wellFormedVerifier("a".repeat(129)));
        assertFalse(Pkce.wellFormedVerifier(""));
        assertFalse(Pkce.wellFormedVerifier(null));
    }

    @Test
    void verifierWhenOnlyUnreservedCharactersThenWellFormed() {
        assertTrue(Pkce.wellFormedVerifier("ABCXYZabcxyz0189-._~" + "a".repeat(23)));
    }

    @Test
    void verifierWhenOutsideTheUnreservedSetThenMalformed() {
        for (String bad : new String[] {"+", "/", "=", " ", "%", "é", "\u0000", "\n"}) {
            assertFalse(Pkce.wellFormedVerifier("a".repeat(42) + bad), "refused: " + bad);
        }
    }

    @Test
    void verifierWhenMalformedThenRefusedEvenIfItsDigestMatches() {
        // SHA-256 of a 42-character verifier, correctly encoded: still refused for its length (RFC 7636 §4.1).
        String shortVerifier = "a".repeat(42);
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(shortVerifier));
        assertFalse(Pkce.matches(shortVerifier, challenge));
    }

    private static byte[] sha256(String value) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

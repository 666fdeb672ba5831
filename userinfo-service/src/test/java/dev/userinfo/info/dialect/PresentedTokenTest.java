package dev.userinfo.info.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.userinfo.info.dialect.PresentedToken.Basic;
import dev.userinfo.info.dialect.PresentedToken.Conflict;
import dev.userinfo.info.dialect.PresentedToken.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where seeds 000 and 001 carry a token: Bearer, bare, seed 000's token header, and what happens when both are sent. */
class PresentedTokenTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln";

    @Test
    void authorizationIsBearerOrTheBareToken() {
        assertEquals(JWT, PresentedToken.ofAuthorization("Bearer " + JWT));
        assertEquals(JWT, PresentedToken.ofAuthorization("bearer  " + JWT + " "));
        assertEquals(JWT, PresentedToken.ofAuthorization(JWT));
        assertEquals(JWT, PresentedToken.ofAuthorization(" " + JWT + " "));
    }

    @Test
    void noValueABlankOneOrTheSchemeAloneIsNoToken() {
        assertNull(PresentedToken.ofAuthorization(null));
        assertNull(PresentedToken.ofAuthorization(""));
        assertNull(PresentedToken.ofAuthorization("   "));
        assertNull(PresentedToken.ofAuthorization("Bearer"));
        assertNull(PresentedToken.ofAuthorization("BEARER "));
    }

    @Test
    void seed000ReadsEitherHeader() {
        assertEquals(new Token(JWT), PresentedToken.ofSeed000(List.of("Bearer " + JWT), null));
        assertEquals(new Token(JWT), PresentedToken.ofSeed000(List.of(JWT), List.of()));
        assertEquals(new Token(JWT), PresentedToken.ofSeed000(null, List.of(JWT)));
        assertEquals(new Token(JWT), PresentedToken.ofSeed000(List.of(), List.of(" " + JWT)));
        assertEquals(new Token(null), PresentedToken.ofSeed000(null, null));
        assertEquals(new Token(null), PresentedToken.ofSeed000(List.of(""), List.of(" ")));
    }

    @Test
    void seed000WithBothHeadersTakesTheSameTokenOnly() {
        assertEquals(new Token(JWT), PresentedToken.ofSeed000(List.of("Bearer " + JWT), List.of(JWT)));
        assertEquals(new Token(JWT), PresentedToken.ofSeed000(List.of(JWT), List.of(JWT)));
        assertEquals(new Token(JWT), PresentedToken.ofSeed000(List.of("Bearer"), List.of(JWT)), "an empty Bearer adds nothing");
        assertEquals(new Conflict(Conflict.Kind.AUTHORIZATION_AND_TOKEN_DIFFER),
                PresentedToken.ofSeed000(List.of("Bearer " + JWT), List.of(JWT + "x")));
        assertEquals(new Conflict(Conflict.Kind.AUTHORIZATION_AND_TOKEN_DIFFER),
                PresentedToken.ofSeed000(List.of("Basic ZGVtby1hcHA6c2VjcmV0"), List.of(JWT)));
    }

    @Test
    void seed000BasicWithoutATokenIsTheAppsProof() {
        assertEquals(new Basic("Basic ZGVtby1hcHA6c2VjcmV0"), PresentedToken.ofSeed000(List.of("Basic ZGVtby1hcHA6c2VjcmV0"), null));
        assertEquals(new Basic("basic ZGVtby1hcHA6c2VjcmV0"), PresentedToken.ofSeed000(List.of("basic ZGVtby1hcHA6c2VjcmV0"), List.of("")));
    }

    @Test
    void seed000RepeatedHeadersAreRefused() {
        assertEquals(new Conflict(Conflict.Kind.REPEATED_AUTHORIZATION), PresentedToken.ofSeed000(List.of(JWT, JWT), null));
        assertEquals(new Conflict(Conflict.Kind.REPEATED_TOKEN), PresentedToken.ofSeed000(null, List.of(JWT, JWT)));
    }
}

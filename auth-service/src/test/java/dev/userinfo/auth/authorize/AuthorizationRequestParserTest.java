package dev.userinfo.auth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.page.FormBody;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The refusals of an authorization request and where each goes (RFC 6749 §4.1.2.1): a bad client or redirect URI
 * is shown ({@link RequestRefused}), anything else goes back to the verified redirect URI ({@link AuthorizationError}).
 */
class AuthorizationRequestParserTest {

    private static final String CB = "https://app.example.com/cb";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final String OK = "response_type=code&client_id=demo&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb"
            + "&scope=openid+profile&state=s1&code_challenge=" + CHALLENGE + "&code_challenge_method=S256";

    private static App app(String clientType, String... redirectUris) {
        App app = new App();
        app.clientId = "demo";
        app.clientType = clientType;
        app.redirectUris = redirectUris;
        app.allowedScopes = new String[] {"openid", "profile", "email"};
        app.enabled = true;
        return app;
    }

    private static final App PUBLIC = app(App.PUBLIC, CB);
    private static final App CONFIDENTIAL = app(App.CONFIDENTIAL, CB);

    private static AuthorizationRequest validate(App app, String query) {
        return AuthorizationRequestParser.validate(Dialect.OAUTH2, app, CB, FormBody.parseQuery(query));
    }

    /** The error that goes to the app's redirect URI, with its code. */
    private static AuthorizationError redirected(App app, String query, String error) {
        AuthorizationError e = assertThrows(AuthorizationError.class, () -> validate(app, query));
        assertEquals(error, e.error(), e.getMessage());
        assertEquals(CB, e.target().redirectUri());
        assertEquals(Dialect.OAUTH2, e.target().dialect());
        return e;
    }

    private static AuthorizationError redirected(String query, String error) {
        return redirected(PUBLIC, query, error);
    }

    /** A refusal shown on an error page, before the app is even looked up. */
    private static String shown(String query) {
        Throwable failure = assertThrows(RuntimeException.class, () -> new AuthorizationRequestParser(null, null)
                .parse(Dialect.OAUTH2, FormBody.parseQuery(query)).await().indefinitely());
        return assertInstanceOf(RequestRefused.class, failure).getMessage();
    }

    private static String without(String name) {
        return OK.replaceAll("&?" + name + "=[^&]*", "").replaceFirst("^&", "");
    }

    @Test
    void validateWhenWellFormedThenEveryFieldRead() {
        AuthorizationRequest r = validate(PUBLIC, OK + "&nonce=n-1&prompt=login+consent&max_age=300");
        assertEquals(Dialect.OAUTH2, r.dialect());
        assertEquals(CB, r.redirectUri());
        assertEquals(List.of("openid", "profile"), List.copyOf(r.scopes()));
        assertEquals("s1", r.state());
        assertEquals("n-1", r.nonce());
        assertEquals(CHALLENGE, r.codeChallenge());
        assertEquals("S256", r.codeChallengeMethod());
        assertEquals(Set.of("login", "consent"), r.prompt());
        assertEquals(300L, r.maxAge());
        assertEquals(new Target(Dialect.OAUTH2, CB, "s1"), r.target());
    }

    // --- Shown, never redirected: the client or the redirect URI cannot be trusted (RFC 6749 §4.1.2.1). ---

    @Test
    void parseWhenClientIdIsMissingOrEmptyThenShown() {
        assertTrue(shown(without("client_id")).contains("client_id is missing"));
        assertTrue(shown(OK.replace("client_id=demo", "client_id=")).contains("missing"));
    }

    @Test
    void parseWhenClientIdIsRepeatedThenShown() {
        assertTrue(shown(OK + "&client_id=other").contains("repeated"));
    }

    @Test
    void parseWhenRedirectUriIsRepeatedThenShown() {
        assertTrue(shown(OK + "&redirect_uri=https%3A%2F%2Fevil.example.com%2F").contains("repeated"));
    }

    @Test
    void parseWhenClientIdIsMalformedThenShownAsUnknown() {
        assertEquals("unknown client_id", shown(OK.replace("client_id=demo", "client_id=a%20b")));
        assertEquals("unknown client_id", shown(OK.replace("client_id=demo", "client_id=x")));
    }

    @Test
    void parseWhenSeed001AppIdIsNeitherAnAppidNorAClientIdThenShownAsUnknownBeforeAnyLookup() {
        for (String appId : List.of("a%20b", "x", "-1", "%2B1")) {
            Throwable failure = assertThrows(RuntimeException.class, () -> new AuthorizationRequestParser(null, null)
                    .parse(Dialect.SEED001, FormBody.parseQuery("app_id=" + appId)).await().indefinitely());
            assertEquals("unknown app_id", assertInstanceOf(RequestRefused.class, failure).getMessage(), appId);
        }
    }

    @Test
    void parseWhenSeed001ThenTheClientIsNamedByAppId() {
        Throwable failure = assertThrows(RequestRefused.class, () -> new AuthorizationRequestParser(null, null)
                .parse(Dialect.SEED001, FormBody.parseQuery("client_id=demo")).await().indefinitely());
        assertEquals("app_id is missing", failure.getMessage());
    }

    @Test
    void redirectUriWhenRegisteredExactlyThenIt() {
        assertEquals(CB, AuthorizationRequestParser.redirectUri(app(App.PUBLIC, "https://other.example/cb", CB), CB));
    }

    @Test
    void redirectUriWhenOmittedAndOneIsRegisteredThenThatOne() {
        assertEquals(CB, AuthorizationRequestParser.redirectUri(PUBLIC, null));
    }

    @Test
    void redirectUriWhenOmittedAndSeveralOrNoneAreRegisteredThenShown() {
        assertThrows(RequestRefused.class,
                () -> AuthorizationRequestParser.redirectUri(app(App.PUBLIC, CB, "https://app.example.com/cb2"), null));
        assertThrows(RequestRefused.class, () -> AuthorizationRequestParser.redirectUri(app(App.PUBLIC), null));
    }

    @Test
    void redirectUriWhenNotAnExactMatchThenShown() {
        // RFC 9700 §4.1.3: simple string comparison, no normalisation, no prefix or subdomain match.
        for (String near : List.of(CB + "/", "https://APP.example.com/cb", "https://app.example.com:443/cb", CB + "?x=1",
                "https://app.example.com/cb/../cb", "https://app.example.com/c", "http://app.example.com/cb",
                "https://evil.app.example.com/cb", CB + "#f")) {
            assertThrows(RequestRefused.class, () -> AuthorizationRequestParser.redirectUri(PUBLIC, near), near);
        }
    }

    // --- Redirected with an error code, once client and redirect URI are verified (RFC 6749 §4.1.2.1). ---

    @Test
    void validateWhenAParameterIsRepeatedThenInvalidRequestWithItsState() {
        // RFC 6749 §3.1: parameters MUST NOT be included more than once.
        AuthorizationError e = redirected(OK + "&scope=email", "invalid_request");
        assertEquals("s1", e.target().state());
        assertTrue(e.getMessage().contains("scope"));
    }

    @Test
    void validateWhenStateIsRepeatedThenInvalidRequestWithoutState() {
        assertNull(redirected(OK + "&state=s2", "invalid_request").target().state());
    }

    @Test
    void validateWhenResourceIsRepeatedThenAccepted() {
        // RFC 8707 §2: resource may be sent once per resource server.
        AuthorizationRequest r = validate(PUBLIC, OK + "&resource=https%3A%2F%2Fa.example&resource=https%3A%2F%2Fb.example");
        assertEquals(List.of("https://a.example", "https://b.example"), r.resources());
    }

    @Test
    void validateWhenARepeatedNameIsNotPlainThenItIsNotEchoed() {
        AuthorizationError e = redirected(OK + "&%3Cscript%3E=1&%3Cscript%3E=2", "invalid_request");
        assertFalse(e.getMessage().contains("<script>"), e.getMessage());
    }

    @Test
    void validateWhenStateIsLongerThanTheLimitThenInvalidRequestWithoutEchoingIt() {
        String state = "s".repeat(AuthorizationRequestParser.MAX_STATE);
        assertEquals(state, validate(PUBLIC, OK.replace("state=s1", "state=" + state)).state());
        AuthorizationError e = redirected(OK.replace("state=s1", "state=" + state + "s"), "invalid_request");
        assertNull(e.target().state());
    }

    @Test
    void validateWhenStateHoldsANulThenTheErrorGoesBackWithoutIt() {
        AuthorizationError e = redirected(OK.replace("state=s1", "state=a%00b"), "invalid_request");
        assertNull(e.target().state());
        assertTrue(e.getMessage().contains("NUL"));
    }

    @Test
    void validateWhenAnotherParameterHoldsANulThenInvalidRequestWithState() {
        AuthorizationError e = redirected(OK + "&login_hint=a%00b", "invalid_request");
        assertEquals("s1", e.target().state());
    }

    @Test
    void validateWhenResponseTypeIsMissingThenInvalidRequestForOAuthButSeed001Defaults() {
        redirected(without("response_type"), "invalid_request");
        AuthorizationRequest seed = AuthorizationRequestParser.validate(Dialect.SEED001, PUBLIC, CB,
                FormBody.parseQuery(without("response_type")));
        assertEquals(Dialect.SEED001, seed.dialect());
    }

    @Test
    void validateWhenResponseTypeIsNotCodeThenUnsupportedResponseType() {
        redirected(OK.replace("response_type=code", "response_type=token"), "unsupported_response_type");
        redirected(OK.replace("response_type=code", "response_type=code+id_token"), "unsupported_response_type");
    }

    @Test
    void validateWhenARequestObjectIsSentThenRequestNotSupported() {
        // OIDC Core §6.
        redirected(OK + "&request=eyJhbGciOiJub25lIn0.e30.", "request_not_supported");
        redirected(OK + "&request_uri=https%3A%2F%2Fapp.example.com%2Fr", "request_uri_not_supported");
    }

    @Test
    void validateWhenResponseModeIsNotQueryThenInvalidRequest() {
        assertEquals("s1", validate(PUBLIC, OK + "&response_mode=query").state());
        redirected(OK + "&response_mode=fragment", "invalid_request");
        redirected(OK + "&response_mode=form_post", "invalid_request");
    }

    @Test
    void validateWhenScopeIsMissingOrBlankThenInvalidScope() {
        redirected(without("scope"), "invalid_scope");
        redirected(OK.replace("scope=openid+profile", "scope=+++"), "invalid_scope");
    }

    @Test
    void validateWhenAScopeIsUnknownThenInvalidScope() {
        redirected(OK.replace("scope=openid+profile", "scope=openid+admin"), "invalid_scope");
    }

    @Test
    void validateWhenAScopeIsNotAllowedForTheAppThenInvalidScope() {
        AuthorizationError e = redirected(OK.replace("scope=openid+profile", "scope=openid+quota_write"), "invalid_scope");
        assertTrue(e.getMessage().contains("quota_write"));
    }

    @Test
    void validateWhenOpenIdWithoutAnExplicitRedirectUriThenInvalidRequest() {
        // OIDC Core §3.1.2.1: redirect_uri is REQUIRED in an OpenID request, even with one registered.
        redirected(without("redirect_uri"), "invalid_request");
        AuthorizationRequest plainOAuth = validate(PUBLIC, without("redirect_uri").replace("scope=openid+profile", "scope=profile"));
        assertEquals(CB, plainOAuth.redirectUri());
    }

    @Test
    void validateWhenNonceIsEmptyTooLongOrHasControlCharactersThenInvalidRequest() {
        assertEquals("n".repeat(AuthorizationRequestParser.MAX_NONCE),
                validate(PUBLIC, OK + "&nonce=" + "n".repeat(AuthorizationRequestParser.MAX_NONCE)).nonce());
        redirected(OK + "&nonce=", "invalid_request");
        redirected(OK + "&nonce=" + "n".repeat(AuthorizationRequestParser.MAX_NONCE + 1), "invalid_request");
        redirected(OK + "&nonce=a%0Ab", "invalid_request");
    }

    @Test
    void validateWhenAPublicClientSendsNoChallengeThenInvalidRequest() {
        // RFC 9700 §2.1.1: public clients must use PKCE.
        redirected(without("code_challenge").replace("&code_challenge_method=S256", ""), "invalid_request");
    }

    @Test
    void validateWhenAConfidentialClientSendsNoChallengeThenAccepted() {
        AuthorizationRequest r = validate(CONFIDENTIAL, without("code_challenge_method").replace("&code_challenge=" + CHALLENGE, ""));
        assertNull(r.codeChallenge());
        assertNull(r.codeChallengeMethod());
    }

    @Test
    void validateWhenAMethodComesWithoutAChallengeThenInvalidRequest() {
        redirected(CONFIDENTIAL, OK.replace("&code_challenge=" + CHALLENGE, ""), "invalid_request");
    }

    @Test
    void validateWhenTheMethodIsPlainOrOmittedThenInvalidRequest() {
        // RFC 7636 §4.2 defaults to plain; RFC 9700 §2.1.1 forbids it.
        redirected(OK.replace("code_challenge_method=S256", "code_challenge_method=plain"), "invalid_request");
        redirected(without("code_challenge_method"), "invalid_request");
        redirected(CONFIDENTIAL, without("code_challenge_method"), "invalid_request");
    }

    @Test
    void validateWhenTheMethodIsUnknownOrOtherCaseThenInvalidRequest() {
        redirected(OK.replace("code_challenge_method=S256", "code_challenge_method=S512"), "invalid_request");
        redirected(OK.replace("code_challenge_method=S256", "code_challenge_method=s256"), "invalid_request");
    }

    @Test
    void validateWhenTheChallengeIsNot43Base64UrlCharactersThenInvalidRequest() {
        // RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is 43 characters, no padding.
        redirected(OK.replace(CHALLENGE, CHALLENGE.substring(1)), "invalid_request");
        redirected(OK.replace(CHALLENGE, CHALLENGE + "A"), "invalid_request");
        redirected(OK.replace(CHALLENGE, CHALLENGE.substring(1) + "%2B"), "invalid_request");
        redirected(OK.replace(CHALLENGE, CHALLENGE.substring(1) + "%3D"), "invalid_request");
    }

    @Test
    void validateWhenPromptHasAnUnknownValueThenInvalidRequest() {
        redirected(OK + "&prompt=always", "invalid_request");
    }

    @Test
    void validateWhenPromptNoneIsCombinedThenInvalidRequest() {
        // OIDC Core §3.1.2.1: "none" must not be combined with any other value.
        assertEquals(Set.of("none"), validate(PUBLIC, OK + "&prompt=none").prompt());
        redirected(OK + "&prompt=none+login", "invalid_request");
    }

    @Test
    void validateWhenMaxAgeIsNotASmallNumberOfSecondsThenInvalidRequest() {
        assertEquals(0L, validate(PUBLIC, OK + "&max_age=0").maxAge());
        assertEquals(999_999_999L, validate(PUBLIC, OK + "&max_age=999999999").maxAge());
        redirected(OK + "&max_age=-1", "invalid_request");
        redirected(OK + "&max_age=1.5", "invalid_request");
        redirected(OK + "&max_age=1000000000", "invalid_request");
        redirected(OK + "&max_age=", "invalid_request");
    }

    @Test
    void safeNameWhenShortAndPlainThenShownElseHidden() {
        assertEquals("redirect_uri", AuthorizationRequestParser.safeName("redirect_uri"));
        assertEquals("(not shown)", AuthorizationRequestParser.safeName("<b>"));
        assertEquals("(not shown)", AuthorizationRequestParser.safeName("a".repeat(41)));
    }
}

package dev.userinfo.auth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.page.FormBody;
import org.junit.jupiter.api.Test;

/** The request carried through login and consent (OIDC Core §3.1.2.1: prompt=login and max_age are handled once). */
class AuthorizationRequestTest {

    private static final String CB = "https://app.example.com/cb";

    private static AuthorizationRequest request(String query) {
        App app = new App();
        app.clientId = "demo";
        app.clientType = App.CONFIDENTIAL;
        app.redirectUris = new String[] {CB};
        app.allowedScopes = new String[] {"openid", "profile"};
        return AuthorizationRequestParser.validate(Dialect.OAUTH2, app, CB, FormBody.parseQuery(query));
    }

    private static final String BASE = "response_type=code&client_id=demo&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb"
            + "&scope=openid+profile&state=s%261";

    @Test
    void queryWhenNotAfterLoginThenEveryParameterAsReceivedReEncoded() {
        String query = BASE + "&prompt=login+consent&max_age=60";
        assertEquals(query, request(query).query(false));
    }

    @Test
    void queryWhenAfterLoginThenPromptLoginAndMaxAgeAreDroppedAndConsentKept() {
        assertEquals(BASE + "&prompt=consent", request(BASE + "&prompt=login+consent&max_age=60").query(true));
    }

    @Test
    void queryWhenAfterLoginAndPromptWasOnlyLoginThenNoPrompt() {
        assertEquals(BASE, request(BASE + "&prompt=login").query(true));
    }

    @Test
    void pathWhenBuiltThenTheDoorsEntryPathAndTheQuery() {
        assertEquals("/oauth2/authorize?" + BASE, request(BASE).path(true));
    }

    @Test
    void resourcesWhenNamedSeveralTimesThenAllInOrder() {
        assertEquals(java.util.List.of("https://a.example", "https://b.example"),
                request(BASE + "&resource=https%3A%2F%2Fa.example&resource=https%3A%2F%2Fb.example").resources());
        assertEquals(java.util.List.of(), request(BASE).resources());
    }
}

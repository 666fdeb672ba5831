package dev.userinfo.auth.developer;

import dev.userinfo.auth.app.App;
import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.developer.DeveloperPages.Section;
import dev.userinfo.auth.developer.DeveloperPages.Step;
import dev.userinfo.auth.page.PageText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The quick-start calls of one app (issue #18): per seed dialect (the five seeds, DESIGN.md "Seeds → endpoints") and
 * OpenID Connect, filled with the app's client_id, appid, first redirect URI and this deployment's public URLs
 * ({@code auth.issuer}, {@code auth.developer.userinfo-url}, {@code auth.developer.quota-url}). The app key is never
 * filled in: it is shown once, so the calls read it from {@code $APP_KEY}.
 */
final class QuickStart {

    private QuickStart() {
    }

    static List<Section> sections(App app, AuthConfig config, PageText text) {
        String auth = trim(config.issuer());
        String userinfo = trim(config.developer().userinfoUrl());
        String quota = trim(config.developer().quotaUrl());
        String clientId = app.clientId;
        long appid = app.appid;
        String redirect = app.redirectUris.length == 0 ? "https://your.app/callback" : app.redirectUris[0];
        String redirectParam = encode(redirect);
        String basic = "curl -s -u \"" + clientId + ":$APP_KEY\"";
        String exchange = basic + " -d grant_type=authorization_code -d \"code=$CODE\" --data-urlencode \"redirect_uri="
                + redirect + "\" " + auth + "/oauth2/token";
        String seed000 = userinfo + "/chatroom/api/account/info?client_id=" + clientId + "&redirect_uri=" + redirectParam
                + "&scope=user_info_read";
        return List.of(
                section("qs-oidc", text.developer_qs_oidc_title(), "openid", app,
                        new Step(text.developer_qs_discover(), "curl -s " + auth + "/.well-known/openid-configuration"),
                        new Step(text.developer_qs_browser(), auth + "/oauth2/authorize?response_type=code&client_id=" + clientId
                                + "&redirect_uri=" + redirectParam + "&scope=openid%20profile&state=$STATE"
                                + "&code_challenge=$CODE_CHALLENGE&code_challenge_method=S256"),
                        new Step(text.developer_qs_exchange(), exchange + " -d \"code_verifier=$CODE_VERIFIER\""),
                        new Step(text.developer_qs_call(), "curl -s -H \"Authorization: Bearer $ACCESS_TOKEN\" " + userinfo + "/userinfo")),
                section("qs-000", text.developer_qs_000_title(), "user_info_read", app,
                        new Step(text.developer_qs_trigger(), basic + " \"" + seed000 + "&user_id=$USER_ID\""),
                        new Step(text.developer_qs_poll(), basic + " " + auth + "/oauth2/prompt/$REQUEST_ID"),
                        new Step(text.developer_qs_exchange(), exchange),
                        new Step(text.developer_qs_call(), "curl -s -H \"Authorization: Bearer $ACCESS_TOKEN\" \"" + seed000 + "\"")),
                section("qs-001", text.developer_qs_001_title(), "snsapi_userinfo", app,
                        new Step(text.developer_qs_browser(), auth + "/userservices/v2/authorization/authorize?app_id=" + appid
                                + "&redirect_uri=" + redirectParam + "&scope=snsapi_userinfo&state=$STATE"),
                        new Step(text.developer_qs_exchange(), "curl -s \"" + auth + "/userservices/v2/authorization/token?app_id="
                                + appid + "&app_key=$APP_KEY&code=$CODE\""),
                        new Step(text.developer_qs_call(), "curl -s -H \"Authorization: $TOKEN\" " + userinfo
                                + "/userservices/v2/authorization/userinfo")),
                section("qs-002", text.developer_qs_002_title(), "profile", app,
                        new Step(text.developer_qs_token_first(), "scope=profile%20org_read"),
                        new Step(text.developer_qs_call(), "curl -s -H \"X-App-Id: " + appid + "\" \"" + userinfo
                                + "/user/info?accessToken=$ACCESS_TOKEN&userId=$USER_ID\"")),
                section("qs-003", text.developer_qs_003_title(), "quota_read", app,
                        new Step(text.developer_qs_token_first(), "scope=quota_read"),
                        new Step(text.developer_qs_call(), "curl -s -H \"Authorization: Bearer $ACCESS_TOKEN\" " + quota + "/api/user/self")),
                section("qs-004", text.developer_qs_004_title(), "profile", app,
                        new Step(text.developer_qs_token_first(), "scope=profile"),
                        new Step(text.developer_qs_call(), "curl -s -X POST \"" + userinfo + "/developer/profile.php?lang=en\" "
                                + "-H \"Content-Type: application/json\" -d '{\"appid\":" + appid
                                + ",\"email\":\"'\"$USER_EMAIL\"'\",\"access_token\":\"'\"$ACCESS_TOKEN\"'\"}'")));
    }

    private static Section section(String id, String title, String scope, App app, Step... steps) {
        return new Section(id, title, scope, !Arrays.asList(app.allowedScopes).contains(scope), List.of(steps));
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

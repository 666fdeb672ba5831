package dev.userinfo.auth.page;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The pages' words: English here, Chinese in {@code messages/msg_zh.properties}. Templates use {@code {msg:key}};
 * the language is the template instance's locale, from {@link Lang}. Missing keys fail the build.
 */
@MessageBundle(value = "msg", locale = "en")
public interface PageText {

    @Message("en")
    String lang();

    @Message("User-info platform")
    String brand();

    @Message("Sign in")
    String login_title();

    @Message("Login name")
    String login_name();

    @Message("Password")
    String password();

    @Message("Sign in")
    String login_submit();

    @Message("Wrong login name or password.")
    String login_failed();

    @Message("Enter your login name and password.")
    String login_missing();

    @Message("Too many failed sign-ins. Try again in {seconds} seconds.")
    String login_throttled(long seconds);

    @Message("The service is busy. Try again in {seconds} seconds.")
    String login_busy(long seconds);

    @Message("Signed in as {name}.")
    String signed_in_as(String name);

    @Message("Sign out")
    String logout();

    @Message("Authorized apps")
    String apps_title();

    @Message("Personal access tokens")
    String tokens_title();

    @Message("Authorize {app}")
    String consent_title(String app);

    @Message("{app} asks to:")
    String consent_intro(String app);

    @Message("You will be sent back to {host}.")
    String consent_redirect(String host);

    @Message("Allow")
    String consent_allow();

    @Message("Deny")
    String consent_deny();

    @Message("You have not authorized any app.")
    String apps_none();

    @Message("Since")
    String apps_since();

    @Message("Permissions")
    String apps_scopes();

    @Message("Withdraw")
    String apps_withdraw();

    @Message("The app's access was withdrawn.")
    String apps_withdrawn();

    @Message("App")
    String apps_app();

    @Message("Prompts")
    String apps_prompts();

    @Message("Muted.")
    String apps_prompts_muted();

    @Message("Allow prompts")
    String apps_prompts_allow();

    @Message("Mute prompts")
    String apps_prompts_mute();

    @Message("Name")
    String tokens_name();

    @Message("Permissions")
    String tokens_scopes();

    @Message("Expires after (days)")
    String tokens_days();

    @Message("Create token")
    String tokens_create();

    @Message("Created")
    String tokens_created_at();

    @Message("Expires")
    String tokens_expires_at();

    @Message("Last used")
    String tokens_last_used();

    @Message("never")
    String tokens_never();

    @Message("Revoke")
    String tokens_revoke();

    @Message("You have no personal access tokens.")
    String tokens_none();

    @Message("Copy your new token {name} now. It will not be shown again:")
    String tokens_shown_once(String name);

    @Message("Token revoked.")
    String tokens_revoked();

    @Message("New token")
    String tokens_new();

    @Message("Read every admin API of the platform (operators and auditors)")
    String tokens_scope_admin_read();

    @Message("Change through every admin API of the platform (operators only)")
    String tokens_scope_admin_write();

    @Message("The request is not valid")
    String error_bad_request();

    @Message("This form has expired or did not come from this site. Go back, reload the page and try again.")
    String error_csrf();

    @Message("Forbidden")
    String error_forbidden();

    @Message("Please sign in")
    String error_unauthorized();

    @Message("Not found")
    String error_not_found();

    @Message("Too many attempts")
    String error_too_many();

    @Message("The app could not be authorized")
    String error_authorize();

    @Message("Something went wrong. Please try again later.")
    String error_server();
}

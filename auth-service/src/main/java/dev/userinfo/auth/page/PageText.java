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

    // ---- Developer console (issue #18)

    @Message("Developer console")
    String developer_title();

    @Message("My apps")
    String developer_apps();

    @Message("You have not registered any app yet.")
    String developer_none();

    @Message("Register an app")
    String developer_register();

    @Message("App name")
    String developer_name();

    @Message("Description (optional)")
    String developer_description();

    @Message("Logo URL, https only (optional)")
    String developer_logo_url();

    @Message("Redirect URIs, one per line")
    String developer_redirect_uris();

    @Message("Scopes")
    String developer_scopes();

    @Message("needs an operator's approval")
    String developer_needs_approval();

    @Message("Register")
    String developer_submit_register();

    @Message("client_id")
    String developer_client_id();

    @Message("appid")
    String developer_appid();

    @Message("app_key (client secret)")
    String developer_app_key();

    @Message("Copy the app key now. It will not be shown again.")
    String developer_key_shown_once();

    @Message("An app key exists. It is never shown again; rotate it to get a new one.")
    String developer_key_exists();

    @Message("App {name} is registered.")
    String developer_registered(String name);

    @Message("{name} has a new app key. The old one no longer works.")
    String developer_rotated(String name);

    @Message("Status")
    String developer_status();

    @Message("enabled")
    String developer_enabled();

    @Message("disabled")
    String developer_disabled();

    @Message("Granted scopes")
    String developer_allowed_scopes();

    @Message("Awaiting an operator's approval")
    String developer_requested_scopes();

    @Message("Users (standing consents)")
    String developer_users();

    @Message("Access tokens issued per day (UTC, last 14 days)")
    String developer_tokens_per_day();

    @Message("Day")
    String developer_day();

    @Message("Issued")
    String developer_issued();

    @Message("Authorization prompts (seed 000)")
    String developer_prompts();

    @Message("No authorization prompt yet.")
    String developer_prompts_none();

    @Message("Request")
    String developer_prompt_request();

    @Message("Opened")
    String developer_prompt_opened();

    @Message("Events")
    String developer_prompt_events();

    @Message("Save redirect URIs")
    String developer_save_redirect_uris();

    @Message("Saved.")
    String developer_saved();

    @Message("Rotate app key")
    String developer_rotate();

    @Message("Rotating the app key of {name} stops the current key at once: every call with it fails until you use the new one.")
    String developer_rotate_confirm(String name);

    @Message("Rotate now")
    String developer_rotate_submit();

    @Message("Cancel")
    String developer_cancel();

    @Message("Disable app")
    String developer_disable();

    @Message("A disabled app gets no tokens and no authorization. Only an operator can enable it again.")
    String developer_disable_note();

    @Message("The app is disabled.")
    String developer_disabled_notice();

    @Message("Quick start")
    String developer_quickstart();

    @Message("Copy-paste calls for {name}. Set APP_KEY to your app key first; CODE, ACCESS_TOKEN and the other variables come from the step before.")
    String developer_quickstart_intro(String name);

    @Message("Needs the scope {scope}.")
    String developer_qs_needs_scope(String scope);

    @Message("Your app does not have the scope {scope} yet.")
    String developer_qs_scope_missing(String scope);

    @Message("OpenID Connect: discovery, authorize, token, userinfo")
    String developer_qs_oidc_title();

    @Message("Seed 000: chat room account info, with the auto-triggered authorization prompt")
    String developer_qs_000_title();

    @Message("Seed 001: VVChat OAuth (code, token, user info)")
    String developer_qs_001_title();

    @Message("Seed 002: user detail with organisations and roles")
    String developer_qs_002_title();

    @Message("Seed 003: the user's account and quota")
    String developer_qs_003_title();

    @Message("Seed 004: developer profile")
    String developer_qs_004_title();

    @Message("Read the provider metadata")
    String developer_qs_discover();

    @Message("Send the user's browser here; after sign-in and consent your redirect URI receives the code and the state")
    String developer_qs_browser();

    @Message("Exchange the code for tokens")
    String developer_qs_exchange();

    @Message("Call the API with the token")
    String developer_qs_call();

    @Message("Get an access token with the OpenID Connect steps above, asking for this scope")
    String developer_qs_token_first();

    @Message("Call without a user token, proving your app with its key: an online user who authorized your app is prompted")
    String developer_qs_trigger();

    @Message("Poll the request (or wait for the code at your redirect URI)")
    String developer_qs_poll();

    @Message("My apps")
    String developer_back();

    @Message("Details")
    String developer_open();
}

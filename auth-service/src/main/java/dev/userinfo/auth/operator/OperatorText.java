package dev.userinfo.auth.operator;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The operator console's words: English here, Chinese in {@code messages/op_zh.properties}; templates use
 * {@code {op:key}}. A bundle of its own beside {@code PageText}, so the console's texts stay in one place.
 */
@MessageBundle(value = "op", locale = "en")
public interface OperatorText {

    @Message("Operator console")
    String nav_label();

    @Message("Operator console")
    String home_title();

    @Message("Users")
    String users_title();

    @Message("Apps")
    String apps_title();

    @Message("Organisations and roles")
    String orgs_title();

    @Message("Quota accounts")
    String quota_title();

    @Message("Authorization prompts")
    String prompts_title();

    @Message("Event deliveries")
    String deliveries_title();

    @Message("Signing keys")
    String keys_title();

    @Message("Audit trail")
    String audit_title();

    @Message("(operator)")
    String role_operator();

    @Message("(auditor, read-only)")
    String role_auditor();

    @Message("A service refused or did not answer:")
    String problems_intro();

    @Message("You are an auditor: you can read every page, and the services refuse every change you try.")
    String read_only_note();

    @Message("find, create, disable, enable, reset passwords, delete")
    String home_users();

    @Message("approve requested scopes, disable")
    String home_apps();

    @Message("organisations, roles and per-app groups")
    String home_orgs();

    @Message("accounts, ledgers and adjustments")
    String home_quota();

    @Message("seed 000's authorization requests and their events")
    String home_prompts();

    @Message("user and app events delivered to the other services")
    String home_deliveries();

    @Message("the token signing keys; rotate")
    String home_keys();

    @Message("every admin change in the three services, newest first")
    String home_audit();

    @Message("Filter")
    String filter();

    @Message("Search")
    String search();

    @Message("Nothing to show.")
    String nothing();

    @Message("User id, or part of the login name, display name or email")
    String users_search_label();

    @Message("Id")
    String id();

    @Message("Login name")
    String login();

    @Message("Display name")
    String display_name();

    @Message("Email")
    String email();

    @Message("Status")
    String status();

    @Message("Name")
    String name();

    @Message("Granted scopes")
    String scopes();

    @Message("Create user")
    String users_create();

    @Message("New password")
    String new_password();

    @Message("User")
    String user_title();

    @Message("Created")
    String created_at();

    @Message("Last sign-in")
    String last_login_at();

    @Message("Quota account and ledger")
    String user_quota_link();

    @Message("Access")
    String user_status_title();

    @Message("Disable user")
    String user_disable();

    @Message("Enable user")
    String user_enable();

    @Message("Reset password")
    String user_password_title();

    @Message("Set password")
    String user_password_set();

    @Message("Organisations")
    String user_orgs_title();

    @Message("Not a member of any organisation.")
    String user_no_orgs();

    @Message("Organisation")
    String org();

    @Message("Roles")
    String roles();

    @Message("Role")
    String role();

    @Message("Add to organisation")
    String user_add_to_org();

    @Message("Delete")
    String user_delete_title();

    @Message("Delete user")
    String user_delete();

    @Message("Waiting for approval")
    String apps_pending();

    @Message("Approve")
    String apps_approve();

    @Message("Disable")
    String apps_disable();

    @Message("Enable")
    String apps_enable();

    @Message("Disabled.")
    String apps_disabled();

    @Message("Next page")
    String next_page();

    @Message("Organisations")
    String orgs_orgs();

    @Message("Create organisation")
    String orgs_create();

    @Message("Organisation id")
    String org_id();

    @Message("Code")
    String org_code();

    @Message("Name")
    String org_name();

    @Message("Roles")
    String orgs_roles();

    @Message("Create role")
    String roles_create();

    @Message("Role id")
    String role_id();

    @Message("Code")
    String role_code();

    @Message("Name")
    String role_name();

    @Message("Add a user to an organisation on the user's page.")
    String orgs_members_hint();

    @Message("Apps and their groups")
    String orgs_apps();

    @Message("Groups of app")
    String orgs_groups_of();

    @Message("Show groups")
    String orgs_show_groups();

    @Message("Account id, or part of the username, display name or email")
    String quota_search_label();

    @Message("Open")
    String quota_open();

    @Message("Adjust quota")
    String quota_adjust();

    @Message("Change (a whole number, negative to take away)")
    String quota_delta();

    @Message("Reason")
    String quota_reason();

    @Message("Ledger, newest first")
    String ledger_title();

    @Message("The operator console is for operators and auditors.")
    String forbidden();

    @Message("client_id")
    String client_id();

    @Message("User id")
    String user_id();

    @Message("Rotate signing key")
    String keys_rotate();

    @Message("A new signing key is published and will sign shortly.")
    String keys_rotated();

    @Message("Actor")
    String audit_actor();

    @Message("Action")
    String audit_action();

    @Message("Target")
    String audit_target();

    @Message("Tick the box to confirm the deletion. Nothing was deleted.")
    String users_delete_unconfirmed();

    @Message("The user was created.")
    String done_created();

    @Message("The user was disabled: their sessions ended and their tokens are revoked.")
    String done_disabled();

    @Message("The user was enabled.")
    String done_enabled();

    @Message("The password was changed.")
    String done_password();

    @Message("The user was deleted.")
    String done_deleted();

    @Message("The user was added to the organisation.")
    String done_member();

    @Message("The app was changed.")
    String done_app();

    @Message("Created.")
    String done_directory();

    @Message("The quota was adjusted.")
    String done_adjusted();

    @Message("Enter a whole number other than 0 and a reason.")
    String quota_adjust_invalid();

    @Message("Yes, delete {login} and everything they hold")
    String user_delete_confirm(String login);

    @Message("Scopes {app} requested")
    String apps_approve_legend(String app);

    @Message("Groups of app {app}")
    String orgs_groups_title(String app);

    @Message("Quota account {id}")
    String account_title(long id);

    // A user's sessions and consents (issue #18).
    @Message("Browser sessions")
    String user_sessions_title();

    @Message("No browser session is open.")
    String user_no_sessions();

    @Message("Signed in")
    String signed_in_at();

    @Message("Expires")
    String expires_at();

    @Message("End all sessions")
    String user_end_sessions();

    @Message("Authorized apps")
    String user_consents_title();

    @Message("Has not authorized any app.")
    String user_no_consents();

    @Message("Granted")
    String granted_at();

    @Message("Withdraw")
    String user_withdraw();

    @Message("Withdraw the consent to {app}")
    String user_withdraw_app(String app);

    @Message("The user's browser sessions were ended.")
    String done_sessions();

    @Message("The consent was withdrawn: the app's tokens for this user are revoked.")
    String done_withdrawn();
}

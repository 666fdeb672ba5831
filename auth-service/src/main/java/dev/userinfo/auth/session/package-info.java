/**
 * Signing in and browser sessions: the login page, the session cookie, login throttling, the checks of a signed-in
 * form; a user's sessions end when it changes.
 */
package dev.userinfo.auth.session;

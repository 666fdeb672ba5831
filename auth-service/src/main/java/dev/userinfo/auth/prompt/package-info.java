/**
 * Seed 000's authorization prompt: opening it for a tokenless call, pushing it to the user's open pages, the
 * answer, the app's poll, mutes, expiry and the audit view.
 */
package dev.userinfo.auth.prompt;

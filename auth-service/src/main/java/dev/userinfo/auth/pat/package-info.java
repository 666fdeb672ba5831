/**
 * Personal access tokens: their rows, creation and revocation (their page is in account).
 */
package dev.userinfo.auth.pat;

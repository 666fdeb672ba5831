/**
 * The token endpoint (RFC 6749 §3.2) and what tokens come from: the grants (code with PKCE, refresh, client
 * credentials), the authorization grant with its codes and refresh tokens, access and ID tokens, open_id per (app,
 * user), and purging expired rows. The grant lives here because a token request redeems and refreshes it; authorize
 * only creates one through AuthorizationCodes.
 */
package dev.userinfo.auth.token;

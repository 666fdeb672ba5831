/**
 * Token introspection (RFC 7662): what an access token, refresh token or personal access token is worth now, and to
 * whom. A capability of its own: it reads token, pat and user, and nothing reads it.
 */
package dev.userinfo.auth.introspect;

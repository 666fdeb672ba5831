/**
 * The authorization endpoint (RFC 6749 §4.1, OIDC Core §3.1.2): the request's rules, the consent page and decision,
 * the code, and how each door (OAuth, seed 001) writes its answer into the redirect URI (Dialect).
 */
package dev.userinfo.auth.authorize;

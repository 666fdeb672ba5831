/**
 * The protocol plumbing every OAuth endpoint shares: the RFC 6749 §3.2 form (OAuthForm), RFC 6749 §5.2 errors with
 * their one mapper, client authentication (RFC 6749 §2.3), the request size limit, and the provider metadata
 * (discovery).
 */
package dev.userinfo.auth.oauth;

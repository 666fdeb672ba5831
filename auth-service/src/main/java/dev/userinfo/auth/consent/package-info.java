/**
 * A user's standing consent per app: what was granted, and its withdrawal, which revokes through revocation.
 */
package dev.userinfo.auth.consent;

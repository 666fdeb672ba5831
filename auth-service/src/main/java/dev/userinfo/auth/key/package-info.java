/**
 * Signing keys: generation, rotation, encryption at rest, the JWKS, and reading back the access tokens they signed
 * (AccessTokenReader, for revocation and introspection).
 */
package dev.userinfo.auth.key;

/**
 * Every revocation: the writer that marks grants and tokens and appends to the feed (Revocations), RFC 7009 token
 * revocation, the feed resource services follow, and what a user change revokes.
 */
package dev.userinfo.auth.revocation;

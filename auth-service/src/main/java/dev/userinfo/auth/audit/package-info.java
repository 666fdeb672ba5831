/**
 * The audit trail of admin writes (issue #18): who changed what, when, with the state before and after, written in
 * the change's own transaction, and its admin API. Imports no other capability: they call it.
 */
package dev.userinfo.auth.audit;

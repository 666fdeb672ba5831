/**
 * The outboxes of user events (docs/internal-contracts.md §3) and app events (§5), filled by observing user and app
 * changes, and their delivery, one dispatcher for both feeds, to userinfo-service and account-quota-service.
 */
package dev.userinfo.auth.delivery;

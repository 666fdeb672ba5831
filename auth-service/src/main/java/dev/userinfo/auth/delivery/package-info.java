/**
 * The user-event outbox (docs/internal-contracts.md §3), filled by observing user changes, and its delivery to
 * userinfo-service and account-quota-service.
 */
package dev.userinfo.auth.delivery;

/**
 * What the three services share without importing each other: the records of the internal contracts
 * ({@code docs/internal-contracts.md}), the admin credential filter set, a PostgreSQL LISTEN helper and the
 * well-known client ids. A plain jar like {@code jwt-verification}: it imports no service.
 */
package dev.userinfo.contracts;

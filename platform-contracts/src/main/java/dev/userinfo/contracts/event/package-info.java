/** What the event feeds of docs/internal-contracts.md (§3 users, §5 apps) share: the batch and envelope rules. */
package dev.userinfo.contracts.event;

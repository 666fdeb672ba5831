/** App registrations delivered by auth-service to userinfo-service (docs/internal-contracts.md §5). */
package dev.userinfo.contracts.appevent;

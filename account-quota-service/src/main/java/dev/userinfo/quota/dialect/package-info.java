/**
 * One class per seed API, named after it: UserSelfResource is seed 003's {@code /api/user/self} (with SelfView, its
 * {@code data}), in the seed's envelope; the quota rules stay in ledger and account.
 */
package dev.userinfo.quota.dialect;

/**
 * Seed 001's (VVChat) entry points, named after the seed's API: VvchatAuthorizeResource (第一步) and
 * VvchatTokenResource (第二步); they map results to the seed's answer, the rules stay in authorize and token.
 */
package dev.userinfo.auth.dialect;

/**
 * Operators as users (issue #18): the admin guard every /admin resource sits behind (the static credential or an
 * operator's own token carrying the admin scope the method needs, the platform role re-checked at every use) and the
 * operator console's token. The rules of who may hold which admin scope are user.PlatformRole's.
 */
package dev.userinfo.auth.operatoridentity;

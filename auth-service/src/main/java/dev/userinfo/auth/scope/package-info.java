/**
 * The scope vocabulary (Scope) and the service scopes only an operator grants (ServiceScopes); every capability
 * reads it, it reads only config.
 */
package dev.userinfo.auth.scope;

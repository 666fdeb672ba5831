package dev.userinfo.jwt;

import io.quarkus.security.ForbiddenException;

/**
 * A verified token that lacks the scope an endpoint needs (RFC 6750 §3.1 {@code insufficient_scope}). A
 * {@link ForbiddenException}, so {@link InsufficientScopeMapper} answers 403 where no dialect maps it its own way.
 */
public final class InsufficientScopeException extends ForbiddenException {

    private final String scope;

    public InsufficientScopeException(String scope) {
        super("the access token does not carry scope " + scope);
        this.scope = scope;
    }

    /** The scope that was required (a scope name, never a token). */
    public String scope() {
        return scope;
    }
}

package dev.userinfo.auth.key;

import dev.userinfo.auth.config.AuthConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Reads back an access token this server signed, for revocation (RFC 7009) and introspection (RFC 7662): the
 * signature against our own published keys, our issuer, and {@code typ at+jwt} so an ID token never passes.
 */
@ApplicationScoped
public class AccessTokenReader {

    private static final int MAX_LENGTH = 8192;

    private final SigningKeyRing keys;
    private final AuthConfig config;
    private volatile String consumerJwks;
    private volatile JwtConsumer consumer;

    public AccessTokenReader(SigningKeyRing keys, AuthConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** Whether this has the shape of a JWS (three dot-separated parts), so it is not one of our opaque tokens. */
    public static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first && token.length() <= MAX_LENGTH;
    }

    /** The claims of a genuine, unexpired access token of ours, or empty (an expired one needs no revoking either). */
    public Optional<JwtClaims> read(String token) {
        if (token == null || !looksLikeJwt(token)) {
            return Optional.empty();
        }
        refreshConsumers();
        try {
            return Optional.of(consumer.processToClaims(token));
        } catch (InvalidJwtException e) {
            return Optional.empty();
        }
    }

    private synchronized void refreshConsumers() {
        String jwks = keys.jwksJson();
        if (jwks.equals(consumerJwks)) {
            return;
        }
        try {
            JwksVerificationKeyResolver resolver = new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys());
            consumer = builder(resolver).build();
            consumerJwks = jwks;
        } catch (JoseException e) {
            throw new IllegalStateException("our own JWKS does not parse", e);
        }
    }

    private JwtConsumerBuilder builder(JwksVerificationKeyResolver resolver) {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(resolver)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, config.signing().algorithm())
                .setExpectedIssuer(config.issuer())
                .setSkipDefaultAudienceValidation()
                .setRequireExpirationTime().setRequireIssuedAt().setRequireJwtId().setRequireSubject()
                // RFC 9068 §4: only what we issued as an access token.
                .setExpectedType(true, "at+jwt");
    }
}

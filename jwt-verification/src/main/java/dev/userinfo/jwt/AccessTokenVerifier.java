package dev.userinfo.jwt;

import static dev.userinfo.jwt.InvalidTokenException.Reason;

import dev.userinfo.contracts.clients.WellKnownClients;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.JoseException;

/**
 * Verifies an access token issued by auth-service and says who called.
 *
 * <p>Checks, in order: size and shape, {@code alg} against the configured list (never {@code none} or HMAC,
 * RFC 8725 §3.1-3.2), {@code kid} against the JWKS, the signature, {@code iss}, {@code exp}/{@code nbf} with
 * leeway, {@code aud} containing this service's own audience (RFC 9068 §4), {@code typ} {@code at+jwt} so an ID
 * token is never taken for an access token (RFC 9068 §2.1, §4), and the presence of {@code sub}, {@code jti},
 * {@code iat} and {@code client_id} (RFC 9068 §2.2).
 *
 * <p>The header checks ({@code typ}, {@code crit}, {@code alg} before any key is fetched) and the key lookup are
 * here; the signature and the claims are SmallRye JWT's, with the {@link JWTAuthContextInfo} of {@link AccessTokenRules}.
 * Its {@link DefaultJWTTokenParser} (the engine of {@code JWTParser.verify(token, key)}) is called directly for the
 * jose4j claims: {@code JsonWebToken.getClaim} of a non-standard claim ({@code client_id}, {@code scope}, {@code gid}…)
 * throws and catches an exception each time (README, "Verification cost").
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private final JwksCache jwks;
    private final JwtVerificationConfig config;
    private final Set<String> algorithms;
    private final JWTAuthContextInfo rules;
    private final DefaultJWTTokenParser parser = new DefaultJWTTokenParser();
    private final VerifiedTokenCache verified;
    private final RevocationFollower revocations;
    private final PersonalTokenResolver personalTokens;

    public AccessTokenVerifier(JwksCache jwks, JwtVerificationConfig config, JWTAuthContextInfo rules,
                               RevocationFollower revocations, PersonalTokenResolver personalTokens) {
        this.jwks = jwks;
        this.config = config;
        // A plain copy: each verification copies it again with the key, not through the CDI client proxy.
        this.rules = new JWTAuthContextInfo(rules);
        this.revocations = revocations;
        this.personalTokens = personalTokens;
        this.verified = config.verifiedTokenCacheSize() > 0
                ? new VerifiedTokenCache(config.verifiedTokenCacheSize(), config.clockSkew(), java.time.Clock.systemUTC())
                : null;
        if (verified != null) {
            jwks.onKeyWithdrawn(verified::invalidateAll);
        }
        this.algorithms = AccessTokenRules.algorithms(config).stream().map(SignatureAlgorithm::getAlgorithm)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The verified-token cache, null when turned off (for the meters). */
    VerifiedTokenCache verifiedTokens() {
        return verified;
    }

    /**
     * Verifies {@code token} (a JWT access token, or a {@code pat_…} personal access token resolved by
     * introspection) and checks it against the revocation rules; fails with {@link InvalidTokenException} when it
     * must not be honoured.
     */
    public Uni<VerifiedCaller> verify(String token) {
        if (revocations.enabled() && !revocations.loaded()) {
            // Until the rules that existed at start-up are read, a revoked token would look valid here.
            return Uni.createFrom().failure(new InvalidTokenException(Reason.AUTH_SERVICE_UNAVAILABLE,
                    "revocation rules are not loaded yet"));
        }
        Uni<VerifiedCaller> caller = PersonalTokenResolver.isPersonalToken(token) ? personalTokens.resolve(token) : verifyJwt(token);
        return caller.invoke(this::refuseRevoked);
    }

    private void refuseRevoked(VerifiedCaller caller) {
        if (revocations.revoked(caller)) {
            throw new InvalidTokenException(Reason.REVOKED, "token has been revoked");
        }
    }

    private Uni<VerifiedCaller> verifyJwt(String token) {
        if (verified != null && token != null) {
            VerifiedCaller known = verified.get(token);
            if (known != null) {
                return Uni.createFrom().item(known);
            }
        }
        final Header header;
        try {
            header = header(token);
        } catch (InvalidTokenException e) {
            return Uni.createFrom().failure(e);
        }
        return jwks.key(header.kid()).onItem().transform(key -> {
            VerifiedCaller caller = verifySignedToken(token, key.getPublicKey());
            if (verified != null) {
                verified.put(token, header.kid(), caller);
            }
            return caller;
        });
    }

    private VerifiedCaller verifySignedToken(String token, PublicKey key) {
        JWTAuthContextInfo withKey = new JWTAuthContextInfo(rules);
        withKey.setPublicVerificationKey(key);
        try {
            return caller(parser.parse(token, withKey).getJwtClaims());
        } catch (ParseException e) {
            throw translate(e);
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException(Reason.MISSING_CLAIM, "token claims are malformed");
        }
    }

    private Header header(String token) {
        if (token == null || token.isEmpty() || token.length() > config.maxTokenLength()) {
            throw new InvalidTokenException(Reason.MALFORMED, "token is empty or too long");
        }
        int firstDot = token.indexOf('.');
        if (firstDot <= 0 || token.indexOf('.', firstDot + 1) < 0) {
            throw new InvalidTokenException(Reason.MALFORMED, "token is not a JWS compact serialization");
        }
        Map<?, ?> json;
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token.substring(0, firstDot)), StandardCharsets.UTF_8);
            json = JsonUtil.parseJson(decoded);
        } catch (IllegalArgumentException | JoseException | ClassCastException e) {
            throw new InvalidTokenException(Reason.MALFORMED, "token header is not valid base64url JSON");
        }
        if (!(json.get("alg") instanceof String alg) || !algorithms.contains(alg)) {
            throw new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM, "token algorithm is not accepted");
        }
        if (!(json.get("kid") instanceof String kid) || kid.isEmpty()) {
            throw new InvalidTokenException(Reason.UNKNOWN_KEY, "token header has no kid");
        }
        if (!(json.get("typ") instanceof String typ) || !isAccessTokenType(typ)) {
            // RFC 9068 §4: typ must be at+jwt (or application/at+jwt), which an ID token (typ JWT) never is.
            throw new InvalidTokenException(Reason.NOT_AN_ACCESS_TOKEN, "token is not an access token (typ at+jwt)");
        }
        if (json.containsKey("crit")) {
            // RFC 7515 §4.1.11: we understand no critical extension.
            throw new InvalidTokenException(Reason.MALFORMED, "token header has unsupported critical parameters");
        }
        return new Header(alg, kid);
    }

    /** RFC 9068 §4: compared case-insensitively, with or without the {@code application/} prefix (RFC 7515 §4.1.9). */
    static boolean isAccessTokenType(String typ) {
        return "at+jwt".equalsIgnoreCase(typ) || "application/at+jwt".equalsIgnoreCase(typ);
    }

    private static VerifiedCaller caller(JwtClaims claims) throws MalformedClaimException {
        String clientId = claims.getStringClaimValue("client_id");
        if (clientId == null || clientId.isEmpty()) {
            // RFC 9068 §2.2: client_id is required; aud names resource servers, never the app.
            throw new InvalidTokenException(Reason.MISSING_CLAIM, "token lacks client_id");
        }
        if (WellKnownClients.PERSONAL_ACCESS_TOKEN.equals(clientId)) {
            // A personal access token is an opaque pat_… resolved by introspection, never a JWT (internal-contracts §1):
            // a JWT of an app registered under that client_id must not pass for the user's own (operator) credential.
            throw new InvalidTokenException(Reason.MALFORMED, "token claims to be a personal access token");
        }
        return new VerifiedCaller(claims.getSubject(), clientId, scopes(claims.getClaimValue("scope")), claims.getJwtId(),
                instant(claims.getIssuedAt()), instant(claims.getExpirationTime()),
                claims.getClaimValue("open_id") instanceof String openId ? openId : null,
                claims.getClaimValue("gid") instanceof String gid ? gid : null,
                VerifiedCaller.CLIENT_CREDENTIALS.equals(claims.getClaimValue("gty")));
    }

    /** RFC 8693 §4.2: space-separated; a JSON array is accepted too, as some issuers send one. */
    private static Set<String> scopes(Object scope) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope instanceof String s) {
            for (String part : s.trim().split(" +")) {
                if (!part.isEmpty()) {
                    scopes.add(part);
                }
            }
        } else if (scope instanceof List<?> list) {
            list.forEach(item -> scopes.add(String.valueOf(item)));
        }
        return Set.copyOf(scopes);
    }

    private static Instant instant(NumericDate date) {
        return date == null ? null : Instant.ofEpochSecond(date.getValue());
    }

    private static InvalidTokenException translate(ParseException failure) {
        InvalidJwtException e = cause(failure, InvalidJwtException.class);
        if (e == null) {
            // SmallRye JWT's own checks beyond jose4j's (iat after exp): the claims do not make a token.
            return new InvalidTokenException(Reason.MALFORMED, "token could not be verified");
        }
        if (e.hasExpired()) {
            return new InvalidTokenException(Reason.EXPIRED, "token has expired");
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return new InvalidTokenException(Reason.BAD_SIGNATURE, "token signature is invalid");
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return new InvalidTokenException(Reason.WRONG_ISSUER, "token was issued by someone else");
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return new InvalidTokenException(Reason.WRONG_AUDIENCE, "token is not meant for this service");
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return new InvalidTokenException(Reason.NOT_YET_VALID, "token is not valid yet");
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING) || e.hasErrorCode(ErrorCodes.ISSUED_AT_MISSING)
                || (e.getErrorDetails().isEmpty() && e.getJwtContext() != null)) {
            // No error code but a verified context: SmallRye JWT's required-claims check (AccessTokenRules).
            return new InvalidTokenException(Reason.MISSING_CLAIM, "token lacks a required claim");
        }
        if (cause(e, JoseException.class) != null && e.getMessage() != null && e.getMessage().contains("AlgorithmConstraints")) {
            return new InvalidTokenException(Reason.UNSUPPORTED_ALGORITHM, "token algorithm is not accepted");
        }
        return new InvalidTokenException(Reason.MALFORMED, "token could not be verified");
    }

    private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private record Header(String alg, String kid) {
    }
}

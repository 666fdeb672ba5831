package dev.userinfo.jwt.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Mints access tokens with test keys, shaped like auth-service's: for resource-service tests that must not
 * depend on a running auth-service. Also mints the forgeries a verifier must refuse.
 */
public final class TestTokens {

    /** userinfo-service's resource identifier in tests and locally (its {@code platform.jwt.audience}). */
    public static final String USERINFO_SERVICE = "https://localhost:8444";
    /** account-quota-service's resource identifier in tests and locally (its {@code platform.jwt.audience}). */
    public static final String ACCOUNT_QUOTA_SERVICE = "https://localhost:8445";
    /** What auth-service puts in {@code aud} when no RFC 8707 {@code resource} narrows it: every resource service. */
    public static final List<String> RESOURCE_SERVERS = List.of(USERINFO_SERVICE, ACCOUNT_QUOTA_SERVICE);

    private final String issuer;
    private final List<RsaJsonWebKey> published = new CopyOnWriteArrayList<>();
    private volatile RsaJsonWebKey current;

    public TestTokens(String issuer) {
        this.issuer = issuer;
        rotate();
    }

    public String issuer() {
        return issuer;
    }

    /** A new signing key, published beside the previous ones. */
    public synchronized RsaJsonWebKey rotate() {
        RsaJsonWebKey key = newKey("test-" + UUID.randomUUID());
        published.add(key);
        current = key;
        return key;
    }

    /** Takes a key out of the published set, as auth-service does when it retires one. */
    public synchronized void withdraw(String kid) {
        published.removeIf(key -> key.getKeyId().equals(kid));
    }

    public RsaJsonWebKey currentKey() {
        return current;
    }

    /** A key pair nobody published. */
    public static RsaJsonWebKey newKey(String kid) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(kid);
            key.setUse("sig");
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwksJson() {
        return new JsonWebKeySet(new ArrayList<>(published)).toJson();
    }

    public Builder token() {
        return new Builder();
    }

    /** A token as the authorization-code grant issues it: user id in {@code sub}, the app's {@code open_id}, a grant id. */
    public String forUser(String userId, String clientId, String... scopes) {
        return token().subject(userId).clientId(clientId).scope(String.join(" ", scopes))
                .claim("open_id", "oid-" + clientId + "-" + userId).claim("gid", java.util.UUID.randomUUID().toString())
                .sign();
    }

    /** A token as client_credentials issues it: the app is its own subject, {@code gty} says no user is behind it. */
    public String forClient(String clientId, String... scopes) {
        return token().subject(clientId).clientId(clientId).scope(String.join(" ", scopes))
                .claim("gty", "client-credentials").sign();
    }

    /**
     * An OpenID Connect ID token as auth-service signs it (same key and issuer, {@code typ: JWT}, {@code aud} = the
     * app): never to be accepted as an access token (RFC 9068 §4).
     */
    public String idToken(String userId, String clientId) {
        return token().subject(userId).clientId(clientId).audience(clientId).typ("JWT").without("scope")
                .claim("azp", clientId).claim("auth_time", Instant.now().getEpochSecond()).sign();
    }

    public final class Builder {
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private String typ = "at+jwt";
        private Instant issuedAt = Instant.now();
        private Duration lifetime = Duration.ofMinutes(5);
        private RsaJsonWebKey key = current;
        private String kid;

        private Builder() {
            claims.put("iss", issuer);
            claims.put("sub", "1");
            // RFC 9068 §3: aud names the resource servers; by default all of them, as auth-service issues it.
            claims.put("aud", RESOURCE_SERVERS);
            claims.put("client_id", "demo-app");
            claims.put("scope", "");
            claims.put("jti", UUID.randomUUID().toString());
        }

        public Builder subject(String sub) { claims.put("sub", sub); return this; }
        public Builder clientId(String clientId) { claims.put("client_id", clientId); return this; }
        /** {@code aud}: one value as a string, several as an array (RFC 7519 §4.1.3). */
        public Builder audience(String... audience) {
            claims.put("aud", audience.length == 1 ? audience[0] : List.of(audience));
            return this;
        }
        /** The JOSE header {@code typ} ({@code at+jwt} by default); null leaves it out. */
        public Builder typ(String headerTyp) { typ = headerTyp; return this; }
        public Builder withoutTyp() { return typ(null); }
        public Builder scope(String scope) { claims.put("scope", scope); return this; }
        public Builder issuer(String iss) { claims.put("iss", iss); return this; }
        public Builder claim(String name, Object value) { claims.put(name, value); return this; }
        public Builder without(String name) { claims.remove(name); return this; }
        public Builder issuedAt(Instant at) { issuedAt = at; return this; }
        public Builder lifetime(Duration d) { lifetime = d; return this; }
        public Builder signedWith(RsaJsonWebKey other) { key = other; return this; }
        public Builder kid(String overriding) { kid = overriding; return this; }

        private JwtClaims claims() {
            JwtClaims jwt = new JwtClaims();
            claims.forEach(jwt::setClaim);
            jwt.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
            jwt.setExpirationTime(NumericDate.fromSeconds(issuedAt.plus(lifetime).getEpochSecond()));
            return jwt;
        }

        /** RS256 with the chosen key, {@code kid} in the header. */
        public String sign() {
            JsonWebSignature jws = jws(AlgorithmIdentifiers.RSA_USING_SHA256, kid != null ? kid : key.getKeyId());
            jws.setKey(key.getPrivateKey());
            return serialize(jws);
        }

        /** {@code alg: none}, unsigned (RFC 7519 §6). */
        public String unsigned() {
            JsonWebSignature jws = jws(AlgorithmIdentifiers.NONE, key.getKeyId());
            jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
            return serialize(jws);
        }

        /** HS256 keyed with the public key's encoding: the classic key-confusion forgery. */
        public String hmacWithPublicKey() {
            JsonWebSignature jws = jws(AlgorithmIdentifiers.HMAC_SHA256, key.getKeyId());
            jws.setKey(new HmacKey(key.getPublicKey().getEncoded()));
            jws.setDoKeyValidation(false);
            return serialize(jws);
        }

        private JsonWebSignature jws(String alg, String keyId) {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims().toJson());
            jws.setAlgorithmHeaderValue(alg);
            jws.setKeyIdHeaderValue(keyId);
            if (typ != null) {
                jws.setHeader("typ", typ);
            }
            return jws;
        }

        private static String serialize(JsonWebSignature jws) {
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The same token with one payload claim changed and the original signature kept. */
    public static String tamperPayload(String token, String claim, Object value) {
        String[] parts = token.split("\\.");
        try {
            JwtClaims claims = JwtClaims.parse(new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
                    java.nio.charset.StandardCharsets.UTF_8));
            claims.setClaim(claim, value);
            String payload = java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(claims.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return parts[0] + "." + payload + "." + parts[2];
        } catch (org.jose4j.jwt.consumer.InvalidJwtException e) {
            throw new IllegalStateException(e);
        }
    }
}

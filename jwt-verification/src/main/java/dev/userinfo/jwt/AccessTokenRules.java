package dev.userinfo.jwt;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The claim and signature rules SmallRye JWT enforces, from {@code platform.jwt.*}: this replaces the extension's
 * {@code mp.jwt.verify.*} configuration, so one set of keys configures every check (README, "What it checks").
 */
@ApplicationScoped
public class AccessTokenRules {

    /** RFC 8725 §3.1-3.2: an unsigned token or an HMAC keyed with the public key must never verify. */
    private static final Set<String> NEVER_ALLOWED = Set.of("none", "HS256", "HS384", "HS512");

    /** RFC 9068 §2.2: what every access token carries besides {@code exp}, which SmallRye JWT always requires. */
    static final Set<String> REQUIRED_CLAIMS = Set.of("sub", "jti", "iat", "client_id");

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo contextInfo(JwtVerificationConfig config) {
        return contextInfo(config, config.audience());
    }

    /** SmallRye JWT's verification settings for this resource server; public for use outside CDI (tests, tools). */
    public static JWTAuthContextInfo contextInfo(JwtVerificationConfig config, String audience) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setIssuedBy(config.issuer());
        // RFC 9068 §4: the resource server must find its own identifier in aud.
        info.setExpectedAudience(Set.of(audience));
        info.setSignatureAlgorithm(algorithms(config));
        info.setClockSkew((int) config.clockSkew().toSeconds());
        info.setRequiredClaims(REQUIRED_CLAIMS);
        info.setRequireNamedPrincipal(true);
        // RFC 7518 §3.3: RSA keys of at least 2048 bits, which SmallRye JWT does not insist on by default.
        info.setRelaxVerificationKeyValidation(false);
        return info;
    }

    static Set<SignatureAlgorithm> algorithms(JwtVerificationConfig config) {
        Set<SignatureAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : config.algorithms()) {
            if (NEVER_ALLOWED.contains(name)) {
                throw new IllegalArgumentException("platform.jwt.algorithms may not contain none or an HMAC algorithm");
            }
            algorithms.add(SignatureAlgorithm.fromAlgorithm(name));
        }
        return Set.copyOf(algorithms);
    }
}

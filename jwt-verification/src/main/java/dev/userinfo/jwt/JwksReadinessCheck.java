package dev.userinfo.jwt;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once auth-service's keys are cached: before that no token can be verified. */
@Readiness
@ApplicationScoped
public class JwksReadinessCheck implements HealthCheck {

    private static final Duration RETRY_WHILE_NOT_READY = Duration.ofSeconds(1);

    private final JwksCache jwks;
    private final JwtVerificationConfig config;

    public JwksReadinessCheck(JwksCache jwks, JwtVerificationConfig config) {
        this.jwks = jwks;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("jwks")
                .withData("url", config.jwksUrl().toString())
                .withData("keys", jwks.size());
        jwks.lastSuccessfulFetch().ifPresent(at -> builder.withData("fetchedAt", at.toString()));
        if (!jwks.ready()) {
            // Not ready yet (auth-service started later?): retry, at most once a second, so a later probe succeeds.
            jwks.refreshIfOlderThan(RETRY_WHILE_NOT_READY).subscribe().with(ignored -> { }, failure -> { });
        }
        return builder.status(jwks.ready()).build();
    }
}

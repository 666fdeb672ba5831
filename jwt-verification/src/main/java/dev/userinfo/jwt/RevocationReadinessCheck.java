package dev.userinfo.jwt;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the revocation rules that existed at start-up are loaded: before that a revoked token would pass.
 * Stays ready when auth-service goes away later: the rules already learnt keep being enforced, and refusing all
 * traffic would turn an auth-service outage into a platform outage.
 */
@Readiness
@ApplicationScoped
public class RevocationReadinessCheck implements HealthCheck {

    private final RevocationFollower follower;

    public RevocationReadinessCheck(RevocationFollower follower) {
        this.follower = follower;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("revocations")
                .withData("following", follower.enabled());
        if (!follower.enabled()) {
            return builder.up().build();
        }
        builder.withData("rules", follower.rules()).withData("cursor", follower.cursor());
        follower.lastAnswer().ifPresent(at -> builder.withData("lastAnswer", at.toString()));
        follower.lastProblem().ifPresent(problem -> builder.withData("problem", problem));
        return builder.status(follower.loaded()).build();
    }
}

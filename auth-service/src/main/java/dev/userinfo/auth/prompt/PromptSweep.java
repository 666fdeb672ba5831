package dev.userinfo.auth.prompt;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Expires prompts on time on every pod (idempotent), so pages drop them and the audit trail records the expiry. */
@ApplicationScoped
public class PromptSweep {

    private static final Logger LOG = Logger.getLogger(PromptSweep.class);

    private final PromptExpiry expiry;

    public PromptSweep(PromptExpiry expiry) {
        this.expiry = expiry;
    }

    @Scheduled(every = "${auth.prompts.sweep-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return expiry.sweep()
                .invoke(expired -> {
                    if (expired > 0) {
                        LOG.infof("Authorization prompts expired: %d", expired);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Expiring authorization prompts failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}

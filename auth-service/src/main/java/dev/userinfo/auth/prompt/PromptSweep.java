package dev.userinfo.auth.prompt;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Expires prompts on time on every pod (idempotent), so pages drop them and the audit trail records the expiry. */
@ApplicationScoped
public class PromptSweep {

    private static final Logger LOG = Logger.getLogger(PromptSweep.class);

    private final Prompts prompts;

    public PromptSweep(Prompts prompts) {
        this.prompts = prompts;
    }

    @Scheduled(every = "${auth.prompts.sweep-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return prompts.sweep()
                .invoke(expired -> {
                    if (expired > 0) {
                        LOG.infof("Authorization prompts expired: %d", expired);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Expiring authorization prompts failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}

package dev.userinfo.quota.ledger;

import dev.userinfo.quota.config.QuotaConfig;
import dev.userinfo.quota.web.ApiError;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Group commit for consumes. Accounts are hashed onto lanes; a lane runs one {@link ConsumeBatch} transaction at
 * a time over everything queued on it meanwhile. Under load a hot account's debits share one row lock and one
 * commit (the pgbench figure of issue #5 shows one lock per request tops out near 1,300/s); at low load a batch
 * is a single request and starts at once, so no request waits for a timer. Each request is answered only after
 * the transaction holding it committed.
 */
@ApplicationScoped
public class ConsumeLanes {

    private static final Logger LOG = Logger.getLogger(ConsumeLanes.class);

    private final Pool pool;
    private final Lane[] lanes;
    private final int maxBatch;

    public ConsumeLanes(Pool pool, QuotaConfig config) {
        this.pool = pool;
        this.maxBatch = Math.max(1, config.consume().maxBatch());
        this.lanes = new Lane[Math.max(1, config.consume().lanes())];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane();
        }
    }

    public Uni<Applied> consume(ConsumeRequest request) {
        return Uni.createFrom().emitter(emitter -> lanes[Math.floorMod(Long.hashCode(request.userId()) * 0x9E3779B9, lanes.length)]
                .enqueue(new Pending(request, emitter, Vertx.currentContext())));
    }

    private record Pending(ConsumeRequest request, UniEmitter<? super Applied> emitter, Context context) {

        void answer(Object outcome) {
            Runnable deliver = () -> {
                if (outcome instanceof Applied applied) {
                    emitter.complete(applied);
                } else {
                    emitter.fail((Throwable) outcome);
                }
            };
            // Back on the request's own event loop, which owns its HTTP response.
            if (context != null) {
                context.runOnContext(v -> deliver.run());
            } else {
                deliver.run();
            }
        }
    }

    private final class Lane {
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();
        private boolean running;

        void enqueue(Pending pending) {
            synchronized (this) {
                queue.add(pending);
                if (running) {
                    return;   // joins the next batch of this lane
                }
                running = true;
            }
            next();
        }

        private void next() {
            List<Pending> batch = new ArrayList<>();
            synchronized (this) {
                while (!queue.isEmpty() && batch.size() < maxBatch) {
                    batch.add(queue.poll());
                }
                if (batch.isEmpty()) {
                    running = false;
                    return;
                }
            }
            List<ConsumeRequest> requests = batch.stream().map(Pending::request).toList();
            ConsumeBatch.run(pool, requests).subscribe().with(outcomes -> {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).answer(outcomes[i]);
                }
                next();
            }, failure -> {
                // Rolled back: nothing of this batch was applied, and every request in it is told so.
                if (!(failure instanceof ApiError)) {
                    LOG.errorf(failure, "Consume batch of %d rolled back", batch.size());
                }
                ApiError error = failure instanceof ApiError api ? api
                        : QuotaErrors.busy();
                batch.forEach(p -> p.answer(error));
                next();
            });
        }
    }
}

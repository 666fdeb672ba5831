package dev.userinfo.contracts.admin;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.util.function.Function;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} is refused by Vert.x before JAX-RS with an
 * empty 413; the route installed here answers first, same status, in the envelope of the path (issue #13 item 7).
 * The body is not read, so the connection is closed (RFC 9110 §15.5.14). A chunked body keeps Vert.x's bare 413.
 */
public final class OversizedBodies {

    private OversizedBodies() {
    }

    /**
     * Installs the route; {@code envelope} gives the encoded JSON answer for a path, with its content type, or null
     * where Vert.x's own 413 (or the endpoint's own answer) should stand.
     */
    public static void install(Router router, long limit, Function<String, Answer> envelope) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            Answer answer = length == null || !tooLarge(length, limit) ? null : envelope.apply(ctx.request().path());
            if (answer == null) {
                ctx.next();
                return;
            }
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType())
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(answer.body())
                    .onComplete(done -> ctx.request().connection().close());
        });
    }

    /** An encoded 413 body and its content type. */
    public record Answer(String contentType, String body) {

        public static Answer json(String body) {
            return new Answer("application/json", body);
        }

        public static Answer problem() {
            return new Answer(AdminProblem.MEDIA_TYPE, AdminProblem.refusal(413).body().encode());
        }
    }

    private static boolean tooLarge(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

package dev.userinfo.info.prompt;

import dev.userinfo.contracts.metrics.PlatformMeters;
import dev.userinfo.contracts.prompt.PromptTriggerAnswer;
import dev.userinfo.contracts.prompt.PromptTriggerRequest;
import dev.userinfo.info.config.UserinfoConfig;
import dev.userinfo.info.profile.AuthorizePrompt;
import dev.userinfo.info.prompt.PromptOutcome.Opened;
import dev.userinfo.info.prompt.PromptOutcome.Refusal;
import dev.userinfo.jwt.JwksCache;
import dev.userinfo.jwt.JwtVerificationConfig;
import dev.userinfo.contracts.tls.RenewedTrust;
import dev.userinfo.jwt.RevocationFollower;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Asks auth-service to open an authorization request for an app and, if it can, to prompt the user
 * ({@code POST /internal/prompts}, docs/internal-contracts.md §4), with this service's own client credentials.
 * Never fails: when auth-service cannot be asked or does not answer as the contract says, the outcome is an
 * authorization URL built here, nobody prompted.
 */
// Created at start so its failure counter is exported (at 0) before the first failure (docs/metrics.md).
@io.quarkus.runtime.Startup
@ApplicationScoped
public class PromptTrigger {

    private static final Logger LOG = Logger.getLogger(PromptTrigger.class);

    private final UserinfoConfig.Prompts settings;
    private final AuthorizePrompt local;
    /** Null when prompts are off (or this service has no client credentials): every outcome is local. */
    private final WebClient client;
    private final String authorization;
    /** Calls auth-service did not answer as the contract says: nobody was prompted (issue #16 item 9). */
    private final Counter triggerFailures;

    public PromptTrigger(UserinfoConfig config, JwtVerificationConfig jwt, Vertx vertx, TlsConfigurationRegistry tls,
                         AuthorizePrompt local, RenewedTrust renewedTrust, MeterRegistry meters) {
        this.settings = config.prompts();
        this.local = local;
        this.triggerFailures = Counter.builder(PlatformMeters.PROMPT_PUSH_FAILURES).tag("stage", "trigger")
                .description("Seed 000 prompts auth-service could not be asked to open (unreachable, 5xx, 401)")
                .register(meters);
        boolean credentials = jwt.clientId().isPresent() && jwt.clientSecret().isPresent();
        if (settings.enabled() && credentials) {
            // Same trust as the JWKS fetch; the connect timeout is ours, so a dead auth-service costs at most the timeout.
            WebClientOptions options = JwksCache.authServiceClientOptions(jwt, tls, settings.url())
                    .setConnectTimeout((int) settings.timeout().toMillis())
                    .setUserAgent("userinfo-service");
            this.client = WebClient.create(vertx, options);
            renewedTrust.follow(jwt.tlsConfigurationName(), renewed -> client.getDelegate().updateSSLOptions(renewed, true));
            this.authorization = RevocationFollower.basic(jwt.clientId().get(), jwt.clientSecret().get());
        } else {
            this.client = null;
            this.authorization = null;
            LOG.warnf("Seed 000 prompts are off (%s): 401 answers carry a local authorize_url and nobody is prompted",
                    settings.enabled() ? "platform.jwt.client-id or client-secret unset" : "userinfo.prompts.enabled=false");
        }
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /**
     * Opens an authorization request for the app's {@code clientId}, {@code redirectUri} and {@code scope} as the
     * request carried them; {@code userId} is the user to prompt, or null (nobody is prompted).
     */
    public Uni<PromptOutcome> open(String clientId, String redirectUri, String scope, Long userId, PromptOutcome.Proof proof) {
        boolean claimed = !(proof instanceof PromptOutcome.Proof.None);
        if (client == null) {
            return Uni.createFrom().item(localOutcome(clientId, redirectUri, scope, claimed));
        }
        JsonObject body = JsonObject.mapFrom(request(clientId, redirectUri, scope, userId, proof));
        long timeoutMillis = settings.timeout().toMillis();
        return client.postAbs(settings.url().toString())
                .putHeader("Authorization", authorization)
                .putHeader("Accept", "application/json")
                .timeout(timeoutMillis)
                .sendJsonObject(body)
                .map(response -> outcome(response, clientId, redirectUri, scope, claimed))
                .onFailure().recoverWithItem(failure -> fallback(clientId, redirectUri, scope, claimed,
                        failure.getClass().getSimpleName() + ": " + failure.getMessage()));
    }

    /** The request of docs/internal-contracts.md §4 for seed 000's query and how the app proved itself. */
    static PromptTriggerRequest request(String clientId, String redirectUri, String scope, Long userId,
                                        PromptOutcome.Proof proof) {
        // An unproven call names no user: auth-service opens nothing and answers alike for everyone.
        String user = userId != null && !(proof instanceof PromptOutcome.Proof.None) ? Long.toString(userId) : null;
        if (proof instanceof PromptOutcome.Proof.ClientToken) {
            return new PromptTriggerRequest(clientId, redirectUri, scope, user, PromptTriggerRequest.CLIENT_TOKEN, null);
        }
        if (proof instanceof PromptOutcome.Proof.ClientSecret secret) {
            return new PromptTriggerRequest(clientId, redirectUri, scope, user, PromptTriggerRequest.CLIENT_SECRET,
                    secret.secret());
        }
        return new PromptTriggerRequest(clientId, redirectUri, scope, user, null, null);
    }

    private PromptOutcome outcome(HttpResponse<Buffer> response, String clientId, String redirectUri, String scope, boolean claimed) {
        int status = response.statusCode();
        JsonObject body = jsonObject(response);
        PromptTriggerAnswer answer = status == 200 && body != null ? PromptTriggerAnswer.read(body.getMap()) : null;
        if (answer != null) {
            Opened opened = opened(answer, claimed);
            if (opened != null) {
                return opened;
            }
        }
        String error = body == null ? null : errorCode(body.getValue("error"));
        if (status == 400 && error != null) {
            Refusal refusal = switch (error) {
                case "unknown_client" -> Refusal.UNKNOWN_CLIENT;
                case "invalid_redirect_uri" -> Refusal.INVALID_REDIRECT_URI;
                case "invalid_scope" -> Refusal.INVALID_SCOPE;
                case "invalid_request" -> Refusal.INVALID_REQUEST;
                default -> null;
            };
            if (refusal != null) {
                return new PromptOutcome.Refused(refusal, body.getValue("error_description") instanceof String d ? d : null);
            }
        }
        if (status == 429) {
            return new PromptOutcome.SlowDown(response.getHeader("Retry-After"));
        }
        // 401 (our credentials), 5xx, or anything the contract does not know: the app still gets a way to authorize.
        return fallback(clientId, redirectUri, scope, claimed, "HTTP " + status + (error == null ? "" : " " + error));
    }

    /** What a 200 answer means for the app, or null when it is not the contract's shape (then the fallback). */
    static Opened opened(PromptTriggerAnswer answer, boolean claimed) {
        if (answer.authorizeUrl() == null) {
            return null;
        }
        if (claimed && Boolean.TRUE.equals(answer.proven()) && answer.requestId() != null && answer.prompted() != null) {
            return new Opened(answer.authorizeUrl(), answer.requestId(), answer.prompted());
        }
        if (Boolean.FALSE.equals(answer.proven())) {
            // Unproven (or a proof that failed): whatever else came back, nothing about the user goes on.
            return new Opened(answer.authorizeUrl(), null, null);
        }
        return null;
    }

    private PromptOutcome fallback(String clientId, String redirectUri, String scope, boolean claimed, String problem) {
        triggerFailures.increment();
        LOG.warnf("Authorization prompt not opened at auth-service %s (%s); answering with a local authorize_url",
                settings.url(), problem);
        return localOutcome(clientId, redirectUri, scope, claimed);
    }

    /** An unproven call's URL has no state: the same answer for every user, nothing to wait on (issue #13 item 4). */
    private Opened localOutcome(String clientId, String redirectUri, String scope, boolean claimed) {
        return claimed ? new Opened(local.url(clientId, redirectUri, scope), null, false)
                : new Opened(local.urlWithoutState(clientId, redirectUri, scope), null, null);
    }

    private static JsonObject jsonObject(HttpResponse<Buffer> response) {
        try {
            return response.bodyAsJsonObject();
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    /** An OAuth error code as RFC 6749 §5.2 allows, else null: nothing else from the answer reaches a log line. */
    private static String errorCode(Object value) {
        return value instanceof String code && code.matches("[a-z_]{1,64}") ? code : null;
    }
}

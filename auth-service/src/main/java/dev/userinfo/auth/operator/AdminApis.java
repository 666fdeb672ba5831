package dev.userinfo.auth.operator;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.contracts.tls.RenewedTrust;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Calls the admin APIs over HTTPS with the operator's console token, trusting the platform CA the way the deliveries
 * do ({@code auth.delivery.tls-configuration-name}, following a renewed CA through {@link RenewedTrust}). Answers are
 * never exceptions: a refusal or an unreachable service is an {@link ApiAnswer} the page shows.
 */
@ApplicationScoped
public class AdminApis {

    private static final Logger LOG = Logger.getLogger(AdminApis.class);

    private final AuthConfig config;
    private final WebClient client;

    public AdminApis(AuthConfig config, Vertx vertx, TlsConfigurationRegistry tls, RenewedTrust renewedTrust) {
        this.config = config;
        long timeout = config.console().timeout().toMillis();
        WebClientOptions options = new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout((int) timeout)
                .setIdleTimeout((int) Math.max(1, config.console().timeout().toSeconds()))
                .setVerifyHost(true);
        config.delivery().tlsConfigurationName().flatMap(tls::get).map(TlsConfiguration::getTrustStoreOptions)
                .ifPresent(options::setTrustOptions);
        this.client = WebClient.create(vertx, options);
        renewedTrust.follow(config.delivery().tlsConfigurationName(),
                renewed -> client.getDelegate().updateSSLOptions(renewed, true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<ApiAnswer> get(AdminApi api, String path, Map<String, String> query, String token) {
        return call(api, HttpMethod.GET, path, query, null, token);
    }

    public Uni<ApiAnswer> send(AdminApi api, HttpMethod method, String path, JsonObject body, String token) {
        return call(api, method, path, Map.of(), body, token);
    }

    private Uni<ApiAnswer> call(AdminApi api, HttpMethod method, String path, Map<String, String> query, JsonObject body,
                                String token) {
        Optional<URI> base = baseUrl(api);
        if (base.isEmpty()) {
            return Uni.createFrom().item(ApiAnswer.unreachable(api, "not configured (auth.console." + key(api) + ")"));
        }
        HttpRequest<Buffer> request = client.requestAbs(method, base.get().toString().replaceAll("/+$", "") + path)
                .timeout(config.console().timeout().toMillis())
                .bearerTokenAuthentication(token)
                .putHeader("Accept", "application/json");
        query.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                request.addQueryParam(name, value);
            }
        });
        Uni<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
        return sent.map(response -> answer(api, response))
                .onFailure().recoverWithItem(failure -> {
                    // Never the URL's query or the token: the failure's class and message only.
                    LOG.warnf("Admin API of %s unreachable: %s", api.service, failure.getClass().getSimpleName());
                    return ApiAnswer.unreachable(api, "unreachable (" + failure.getClass().getSimpleName() + ")");
                });
    }

    private static ApiAnswer answer(AdminApi api, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        Object json = null;
        Buffer body = response.body();
        if (body != null && body.length() > 0) {
            try {
                json = Json.decodeValue(body.toString());
            } catch (RuntimeException e) {
                json = null; // not JSON (a proxy's page): the status alone says what happened
            }
        }
        if (status >= 200 && status < 300) {
            return new ApiAnswer(api, status, json, null, null);
        }
        JsonObject problem = json instanceof JsonObject object ? object : new JsonObject();
        String error = problem.getValue("error") instanceof String e ? e : null;
        String detail = problem.getValue("detail") instanceof String d ? d
                : problem.getValue("message") instanceof String m ? m : null;
        return new ApiAnswer(api, status, json, error, detail);
    }

    /** Where {@code api} lives: its {@code auth.console.*} key, else what this service already knows of it. */
    Optional<URI> baseUrl(AdminApi api) {
        return switch (api) {
            case AUTH -> config.console().authUrl().or(AdminApis::self);
            case USERINFO -> config.console().userinfoUrl().or(() -> subscriberOrigin(api));
            case QUOTA -> config.console().quotaUrl().or(() -> subscriberOrigin(api));
        };
    }

    /** The origin of the delivery subscriber named after the service (the chart's in-cluster Service URL). */
    private Optional<URI> subscriberOrigin(AdminApi api) {
        AuthConfig.Delivery.Subscriber subscriber = config.delivery().subscribers().get(api.service);
        if (subscriber == null) {
            return Optional.empty();
        }
        URI url = subscriber.url();
        return Optional.of(URI.create(url.getScheme() + "://" + url.getRawAuthority()));
    }

    /** This service on its own HTTPS port (the port the tests' random one is, once the server listens). */
    private static Optional<URI> self() {
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-ssl-port" : "quarkus.http.ssl-port";
        return ConfigProvider.getConfig().getOptionalValue(key, Integer.class).filter(port -> port > 0)
                .map(port -> URI.create("https://localhost:" + port));
    }

    private static String key(AdminApi api) {
        return switch (api) {
            case AUTH -> "auth-url";
            case USERINFO -> "userinfo-url";
            case QUOTA -> "quota-url";
        };
    }
}

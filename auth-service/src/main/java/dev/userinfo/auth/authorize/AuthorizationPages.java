package dev.userinfo.auth.authorize;

import dev.userinfo.auth.page.FormBody;
import dev.userinfo.auth.page.Lang;
import dev.userinfo.auth.page.Pages;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.session.Sessions;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/** Runs an authorization request from either door and turns the outcome into the browser's next page or redirect. */
@ApplicationScoped
public class AuthorizationPages {

    private static final Logger LOG = Logger.getLogger(AuthorizationPages.class);

    /** One line of the consent page. */
    public record ScopeLine(String value, String description) {
    }

    /** The consent page's data; {@code request} is the authorization request, carried through the form. */
    public record ConsentPage(String appName, String clientId, List<ScopeLine> scopes, String redirectHost,
                              String userName, String csrf, String request, String dialect) {
    }

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance consent(ConsentPage page);
    }

    private final AuthorizationRequestParser parser;
    private final AuthorizationFlow flow;
    private final Sessions sessions;

    public AuthorizationPages(AuthorizationRequestParser parser, AuthorizationFlow flow, Sessions sessions) {
        this.parser = parser;
        this.flow = flow;
        this.sessions = sessions;
    }

    /** An authorization request (GET query or POST form) on {@code dialect}'s door. */
    public Uni<Response> authorize(Dialect dialect, ParamsSource params, HttpHeaders headers) {
        Locale locale = Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        Uni<Response> response;
        try {
            FormBody form = params.get();
            response = parser.parse(dialect, form)
                    .chain(request -> sessions.current(headers).chain(user -> flow.proceed(request, user)))
                    .map(step -> respond(step, locale));
        } catch (FormBody.BadForm e) {
            response = Uni.createFrom().failure(new RequestRefused(e.getMessage()));
        }
        return recover(response, locale);
    }

    /** The consent form's answer. */
    public Uni<Response> decide(FormBody form, HttpHeaders headers) {
        Locale locale = Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        Dialect dialect = Dialect.fromFormValue(form.single("dialect"));
        String decision = form.single("decision");
        String request = form.single("request");
        String csrf = form.single(dev.userinfo.auth.page.Csrf.FIELD);
        return recover(sessions.current(headers).chain(user -> {
            if (user == null) {
                return Uni.createFrom().item(Pages.error(Pages.Problem.UNAUTHORIZED, locale, "your session has ended; start again from the app"));
            }
            if (!dev.userinfo.auth.page.Csrf.matches(user.csrfToken(), csrf)) {
                return Uni.createFrom().item(Pages.error(Pages.Problem.CSRF, locale, null));
            }
            if (dialect == null || request == null || !("allow".equals(decision) || "deny".equals(decision))) {
                return Uni.createFrom().item(Pages.error(Pages.Problem.BAD_REQUEST, locale, "the consent form is incomplete"));
            }
            return parser.parse(dialect, FormBody.parseQuery(request))
                    .chain(parsed -> flow.decide(parsed, user, "allow".equals(decision)))
                    .map(step -> respond(step, locale));
        }), locale);
    }

    private Response respond(AuthorizationFlow.Step step, Locale locale) {
        if (step instanceof AuthorizationFlow.Redirect redirect) {
            return Pages.seeOther(redirect.location());
        }
        if (step instanceof AuthorizationFlow.NeedLogin login) {
            return Pages.seeOther(login.loginUrl());
        }
        AuthorizationFlow.NeedConsent consent = (AuthorizationFlow.NeedConsent) step;
        AuthorizationRequest request = consent.request();
        boolean chinese = Lang.chinese(locale);
        List<ScopeLine> lines = request.scopes().stream()
                .map(s -> new ScopeLine(s, Scope.of(s).map(scope -> scope.description(chinese)).orElse(s))).toList();
        return Pages.html(200, Templates.consent(new ConsentPage(request.app().name, request.app().clientId, lines,
                host(request.redirectUri()), consent.user().name(), consent.user().csrfToken(), request.query(false),
                request.dialect().formValue())), locale);
    }

    /** Refused requests get the error page; redirectable errors go to the app; anything else is a 500 page. */
    private Uni<Response> recover(Uni<Response> response, Locale locale) {
        return response.onFailure().recoverWithItem(failure -> {
            if (failure instanceof RequestRefused refused) {
                return Pages.error(Pages.Problem.AUTHORIZE, locale, refused.getMessage());
            }
            if (failure instanceof FormBody.BadForm bad) {
                return Pages.error(Pages.Problem.BAD_REQUEST, locale, bad.getMessage());
            }
            if (failure instanceof AuthorizationError error) {
                return Pages.seeOther(flow.error(error.target(), error.error(), error.getMessage()).location());
            }
            LOG.errorf("authorization request failed: %s", failure.toString());
            return Pages.error(Pages.Problem.SERVER, locale, null);
        });
    }

    /** What the consent page and the prompt show of a redirect URI: its host and port. */
    public static String host(String redirectUri) {
        try {
            URI uri = URI.create(redirectUri);
            return uri.getHost() != null ? uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") : uri.getScheme() + ":";
        } catch (IllegalArgumentException e) {
            return redirectUri;
        }
    }

    /** Parameters read lazily, so that a malformed body becomes the error page too. */
    @FunctionalInterface
    public interface ParamsSource {
        FormBody get();
    }
}

package dev.userinfo.auth.page;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/** Rendering of the server-side pages: one language per request, never cached, and the shared error page. */
public final class Pages {

    public static final MediaType HTML = MediaType.valueOf("text/html;charset=UTF-8");

    /** What the error page says, by kind. */
    public enum Problem {
        BAD_REQUEST(400), CSRF(403), UNAUTHORIZED(401), NOT_FOUND(404), TOO_MANY(429), AUTHORIZE(400), SERVER(500),
        FORBIDDEN(403);

        final int status;

        Problem(int status) {
            this.status = status;
        }
    }

    /** The error page's data: a localized headline and a plain (English, protocol-level) detail. */
    public record ErrorPage(String title, String detail) {
    }

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance error(ErrorPage page);
    }

    private Pages() {
    }

    /** A rendered page with the headers every sensitive page carries (PageHeaders adds the framing ones). */
    public static Response html(int status, TemplateInstance template, Locale locale) {
        String body = template.setLocale(locale).render();
        return Response.status(status).type(HTML).entity(body)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Pragma", "no-cache")
                .header(HttpHeaders.CONTENT_LANGUAGE, Lang.chinese(locale) ? "zh" : "en")
                .header(HttpHeaders.VARY, "Accept-Language, Cookie")
                .build();
    }

    public static Response error(Problem problem, Locale locale, String detail) {
        return html(problem.status, Templates.error(new ErrorPage(title(problem, locale), detail)), locale);
    }

    public static PageText text(Locale locale) {
        return Lang.chinese(locale) ? MessageBundles.get(PageText.class, Localized.Literal.of("zh"))
                : MessageBundles.get(PageText.class);
    }

    /** 303 See Other: after a POST the browser follows with GET and never re-sends the form (RFC 9700 §4.12). */
    public static Response seeOther(String location) {
        return Response.status(303).header(HttpHeaders.LOCATION, location)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /**
     * Whether the query holds {@code name} as a bare flag ({@code ?revoked}) or with any value: JAX-RS
     * {@code @QueryParam} reports a parameter without '=' as absent.
     */
    public static boolean flag(String rawQuery, String name) {
        if (rawQuery == null) {
            return false;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.equals(name) || pair.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }

    private static String title(Problem problem, Locale locale) {
        PageText text = text(locale);
        return switch (problem) {
            case BAD_REQUEST -> text.error_bad_request();
            case CSRF -> text.error_csrf();
            case UNAUTHORIZED -> text.error_unauthorized();
            case NOT_FOUND -> text.error_not_found();
            case TOO_MANY -> text.error_too_many();
            case AUTHORIZE -> text.error_authorize();
            case SERVER -> text.error_server();
            case FORBIDDEN -> text.error_forbidden();
        };
    }
}

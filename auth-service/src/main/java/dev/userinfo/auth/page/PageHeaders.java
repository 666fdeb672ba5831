package dev.userinfo.auth.page;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;

/**
 * Headers of every page response, errors included: no framing (RFC 9700 §4.16, clickjacking of the consent
 * page), a CSP that allows only this origin's stylesheet, no caching, no referrer (authorization requests carry
 * state in the URL). form-action is left out on purpose: browsers apply it to the redirect after the consent
 * form, which goes to the app's origin.
 */
@ApplicationScoped
public class PageHeaders {

    /**
     * Scripts and event streams only from this origin (the prompt of seed 000, static/prompts.js, no inline code);
     * images also from HTTPS, for the app logos a prompt shows.
     */
    public static final String CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
            + "img-src 'self' https:; base-uri 'none'; frame-ancestors 'none'";
    static final Pattern PAGES = Pattern.compile(
            "/(login|logout|account(/.*)?|me/.*|oauth2/authorize(/.*)?|userservices/v2/authorization/authorize"
                    + "|operator(/.*)?|developer(/.*)?)");

    void install(@Observes Router router) {
        router.route().order(-200).handler(context -> {
            if (PAGES.matcher(context.normalizedPath()).matches()) {
                context.addHeadersEndHandler(ignored -> context.response().headers()
                        .set("Content-Security-Policy", CSP)
                        .set("X-Frame-Options", "DENY")
                        .set("X-Content-Type-Options", "nosniff")
                        .set("Referrer-Policy", "no-referrer")
                        .set("Cache-Control", "no-store"));
            }
            context.next();
        });
    }
}

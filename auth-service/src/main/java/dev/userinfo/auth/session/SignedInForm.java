package dev.userinfo.auth.session;

import dev.userinfo.auth.page.Csrf;
import dev.userinfo.auth.page.FormBody;
import dev.userinfo.auth.page.Lang;
import dev.userinfo.auth.page.Pages;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/** A form post of a signed-in page: the session and CSRF checks every such form needs before it does anything. */
public final class SignedInForm {

    /** What the form post does once its session and CSRF token are checked. */
    @FunctionalInterface
    public interface Action {
        Uni<Response> apply(SignedIn user, FormBody form, Locale locale);
    }

    private SignedInForm() {
    }

    /**
     * Not signed in is 401, a malformed form (a repeated field included) 400, a missing or wrong CSRF token 403,
     * each an error page and nothing done; otherwise {@code action}.
     */
    public static Uni<Response> handle(Sessions sessions, HttpHeaders headers, byte[] body, Action action) {
        Locale locale = Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        return sessions.current(headers).chain(user -> {
            if (user == null) {
                return Uni.createFrom().item(Pages.error(Pages.Problem.UNAUTHORIZED, locale, null));
            }
            try {
                FormBody form = FormBody.parse(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), body);
                if (!Csrf.matches(user.csrfToken(), form.single(Csrf.FIELD))) {
                    return Uni.createFrom().item(Pages.error(Pages.Problem.CSRF, locale, null));
                }
                return action.apply(user, form, locale);
            } catch (FormBody.BadForm e) {
                return Uni.createFrom().item(Pages.error(Pages.Problem.BAD_REQUEST, locale, e.getMessage()));
            }
        });
    }
}

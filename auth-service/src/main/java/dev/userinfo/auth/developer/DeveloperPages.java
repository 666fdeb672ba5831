package dev.userinfo.auth.developer;

import dev.userinfo.auth.page.Lang;
import dev.userinfo.auth.page.Pages;
import dev.userinfo.auth.session.LoginResource;
import dev.userinfo.auth.session.Sessions;
import dev.userinfo.auth.session.SignedIn;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** What the developer console's pages show, their templates, and the sign-in step every page shares. */
public final class DeveloperPages {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    static final String NO_SUCH_APP = "no such app";

    public record ScopeChoice(String value, String description, boolean checked, boolean privileged) {
    }

    public record AppLine(String clientId, long appid, String name, boolean enabled, String scopes, String requested) {
    }

    public record AppsPage(String userName, String csrf, List<AppLine> apps) {
    }

    public record RegisterPage(String userName, String csrf, String error, String name, String description, String logoUrl,
                               String redirectUris, List<ScopeChoice> scopes) {
    }

    /** The one page that shows an app key: the answer to a registration or a rotation (issue #18: shown once). */
    public record SecretPage(String userName, String csrf, String name, String clientId, long appid, String appKey,
                             boolean rotated) {
    }

    public record DayLine(String day, long issued) {
    }

    public record EventLine(String event, String detail, String at) {
    }

    public record PromptLine(String requestId, String createdAt, String status, boolean prompted, String userId,
                             String scopes, List<EventLine> events) {
    }

    public record AppPage(String userName, String csrf, String name, String description, String clientId, long appid,
                          boolean enabled, boolean hasKey, String scopes, String requested, long users, List<DayLine> days,
                          long maxIssued, List<PromptLine> prompts, String redirectUris, String notice, String error) {
    }

    public record RotatePage(String userName, String csrf, String name, String clientId) {
    }

    public record Step(String label, String command) {
    }

    public record Section(String id, String title, String scope, boolean scopeMissing, List<Step> steps) {
    }

    public record QuickStartPage(String userName, String csrf, String name, String clientId, long appid, List<Section> sections) {
    }

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance developer_apps(AppsPage page);

        static native TemplateInstance developer_register(RegisterPage page);

        static native TemplateInstance developer_secret(SecretPage page);

        static native TemplateInstance developer_app(AppPage page);

        static native TemplateInstance developer_rotate(RotatePage page);

        static native TemplateInstance developer_quickstart(QuickStartPage page);
    }

    /** What a page does for its signed-in user. */
    @FunctionalInterface
    interface Page {
        Uni<Response> render(SignedIn user, Locale locale);
    }

    private DeveloperPages() {
    }

    /** A GET of a console page: not signed in goes to the login page, which comes back to {@code path} (as /account does). */
    static Uni<Response> signedIn(Sessions sessions, HttpHeaders headers, String path, Page page) {
        Locale locale = Lang.of(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        return sessions.current(headers).chain(user -> user == null
                ? Uni.createFrom().item(Pages.seeOther(LoginResource.loginUrl(path)))
                : page.render(user, locale));
    }

    /** Another user's app and an unknown one are the same 404 (issue #18: only the owner sees an app). */
    static Response notFound(Locale locale) {
        return Pages.error(Pages.Problem.NOT_FOUND, locale, NO_SUCH_APP);
    }

    /** The lines of a textarea, trimmed, blank ones dropped. */
    static List<String> lines(String text) {
        return text == null ? List.of() : text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}

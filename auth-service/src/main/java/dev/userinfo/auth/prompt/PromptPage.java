package dev.userinfo.auth.prompt;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.userinfo.auth.authorize.AuthorizationPages;
import dev.userinfo.auth.scope.Scope;
import dev.userinfo.auth.page.Lang;
import dev.userinfo.auth.page.PageText;
import dev.userinfo.auth.page.Pages;
import dev.userinfo.auth.session.SignedInForm;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The prompts a signed-in page shows ({@code static/prompts.js}), rendered in the page's language as the consent page words them. */
@ApplicationScoped
public class PromptPage {

    /** What a page receives: every prompt it should show now (it drops any other it shows). */
    @RegisterForReflection
    public record Snapshot(List<PromptView> prompts) {
    }

    /** One prompt as the page renders it. */
    @RegisterForReflection
    public record PromptView(String id, String action, String title, String intro, String app, String logo,
                             List<String> scopes, String redirect, String allow, String deny,
                             @JsonProperty("expires_in") long expiresIn) {
    }

    private final ObjectMapper json;

    public PromptPage(ObjectMapper json) {
        this.json = json;
    }

    /** The {@code prompts} event's data. */
    String render(List<PromptStreams.Pending> pending, Locale locale) {
        boolean chinese = Lang.chinese(locale);
        PageText text = Pages.text(locale);
        List<PromptView> views = new ArrayList<>();
        for (PromptStreams.Pending p : pending) {
            List<String> scopes = p.scopes().stream().map(s -> Scope.of(s).map(x -> x.description(chinese)).orElse(s)).toList();
            // Only an https logo: the pages' CSP (PageHeaders, img-src https:) loads no other remote image.
            String logo = p.logoUrl() != null && p.logoUrl().startsWith("https://") ? p.logoUrl() : null;
            views.add(new PromptView(p.id(), "/me/prompts/" + p.id(), text.consent_title(p.appName()),
                    text.consent_intro(p.appName()), p.appName(), logo, scopes,
                    text.consent_redirect(AuthorizationPages.host(p.redirectUri())), text.consent_allow(), text.consent_deny(),
                    p.expiresIn()));
        }
        try {
            return json.writeValueAsString(new Snapshot(views));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

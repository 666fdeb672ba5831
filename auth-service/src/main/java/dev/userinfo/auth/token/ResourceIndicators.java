package dev.userinfo.auth.token;

import dev.userinfo.auth.config.AuthConfig;
import dev.userinfo.auth.oauth.OAuthError;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * RFC 8707 resource indicators: which resource servers an access token is for, its {@code aud} (RFC 9068 §3).
 * Without {@code resource} a token is for every configured resource server ({@code auth.tokens.resources});
 * with it, for those named, each of which must be one of them. A token request may narrow what the
 * authorization request named, never widen it (RFC 8707 §2.2).
 */
@ApplicationScoped
public class ResourceIndicators {

    private final List<String> all;

    public ResourceIndicators(AuthConfig config) {
        this.all = List.copyOf(new LinkedHashSet<>(config.tokens().resources()));
    }

    /** Every resource server: the audience of a token no {@code resource} narrowed. */
    public List<String> all() {
        return all;
    }

    /**
     * The resources named in a request, checked; empty when none was named (then: {@link #all()}).
     *
     * @throws OAuthError invalid_target for a value that is not an absolute URI without fragment, or not one of ours
     */
    public List<String> requested(Collection<String> values) {
        Set<String> named = new LinkedHashSet<>();
        for (String value : values) {
            if (!absoluteWithoutFragment(value)) {
                // RFC 8707 §2: "MUST be an absolute URI ... MUST NOT include a fragment component."
                throw OAuthError.invalidTarget("resource must be an absolute URI without a fragment (RFC 8707 §2)");
            }
            if (!all.contains(value)) {
                throw OAuthError.invalidTarget("resource is not a resource server of this platform");
            }
            named.add(value);
        }
        return List.copyOf(named);
    }

    /**
     * The audience of a token: {@code authorized} (null or empty = every resource server) narrowed to
     * {@code requested} when the token request names resources.
     *
     * @throws OAuthError invalid_target when the token request names a resource the authorization did not
     */
    public List<String> audience(List<String> authorized, Collection<String> requested) {
        List<String> granted = authorized == null || authorized.isEmpty() ? all : authorized;
        List<String> named = requested(requested);
        if (named.isEmpty()) {
            return granted;
        }
        for (String resource : named) {
            if (!granted.contains(resource)) {
                // RFC 8707 §2.2: a token request may narrow the authorized resources, never widen them.
                throw OAuthError.invalidTarget("resource was not named in the authorization request; a token request may only narrow it");
            }
        }
        return named;
    }

    private static boolean absoluteWithoutFragment(String value) {
        if (value == null || value.isEmpty() || value.length() > 2048) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

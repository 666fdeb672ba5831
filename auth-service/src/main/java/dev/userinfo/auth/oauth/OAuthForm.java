package dev.userinfo.auth.oauth;

import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an RFC 6749 §3.2-style request (token, revocation, introspection), parsed from an
 * {@code application/x-www-form-urlencoded} body. A parameter sent twice is an error (RFC 6749 §3.1, §3.2), an
 * empty one counts as absent; every problem is an invalid_request {@link OAuthError}.
 */
public final class OAuthForm {

    /** The one content type these endpoints read (RFC 6749 §3.2). */
    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    /** RFC 8707 §2: the one parameter that may be sent several times, once per resource. */
    static final String RESOURCE = "resource";

    private final Map<String, String> parameters;
    private final List<String> resources;

    private OAuthForm(Map<String, String> parameters) {
        this(parameters, List.of());
    }

    private OAuthForm(Map<String, String> parameters, List<String> resources) {
        this.parameters = parameters;
        this.resources = List.copyOf(resources);
    }

    /** The form of a request, or an invalid_request error for a wrong content type or an oversized body. */
    public static OAuthForm read(String contentType, byte[] body, int maxBytes) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).split(";")[0].trim().equals(CONTENT_TYPE)) {
            throw OAuthError.invalidRequest("Content-Type must be " + CONTENT_TYPE + " (RFC 6749 §3.2)");
        }
        // OAuthRequestSizeLimit refuses by Content-Length before reading; this catches chunked bodies.
        if (body != null && body.length > maxBytes) {
            throw OAuthError.invalidRequest("request body is larger than " + maxBytes + " bytes");
        }
        return parse(body == null ? new byte[0] : body);
    }

    public static OAuthForm parse(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw OAuthError.invalidRequest("request body is not UTF-8");
        }
        Map<String, String> parameters = new HashMap<>();
        List<String> resources = new ArrayList<>();
        if (text.isEmpty()) {
            return new OAuthForm(parameters);
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name.equals(RESOURCE)) {
                resources.add(value);
                continue;
            }
            if (parameters.putIfAbsent(name, value) != null) {
                throw OAuthError.invalidRequest("parameter " + safeName(name) + " is repeated");
            }
        }
        return new OAuthForm(parameters, resources);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest("request body is not valid form encoding");
        }
    }

    /** A parameter name fit to echo in an error: short and printable. */
    public static String safeName(String name) {
        String printable = name.replaceAll("[^A-Za-z0-9_.-]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }

    public Optional<String> get(String name) {
        String value = parameters.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** Every {@code resource} parameter, in order (RFC 8707 §2); empty when none was sent. */
    public List<String> resources() {
        return resources;
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> OAuthError.invalidRequest("parameter " + name + " is required"));
    }
}

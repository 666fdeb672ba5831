package dev.userinfo.auth.page;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body or query string, parsed strictly: bad percent-encoding, bad
 * UTF-8 and oversized input are refused, and so are NUL characters in any value read, with a message rather than reaching the database.
 */
public final class FormBody {

    public static final String FORM = "application/x-www-form-urlencoded";
    /** Largest page form accepted: the consent form carries the whole authorization request. */
    public static final int MAX_BYTES = 16 * 1024;

    /** Refused input; the message is safe to show (it never echoes a value). */
    public static final class BadForm extends RuntimeException {
        public BadForm(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, List<String>> values;

    private FormBody(Map<String, List<String>> values) {
        this.values = values;
    }

    public static FormBody parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).split(";")[0].trim().equals(FORM)) {
            throw new BadForm("the form must be sent as " + FORM);
        }
        if (body != null && body.length > MAX_BYTES) {
            throw new BadForm("the form is larger than " + MAX_BYTES + " bytes");
        }
        return parseQuery(body == null ? "" : utf8(body));
    }

    /** A query string (without the '?'), with the same rules. */
    public static FormBody parseQuery(String query) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            if (query.length() > MAX_BYTES) {
                throw new BadForm("the request is longer than " + MAX_BYTES + " characters");
            }
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
        }
        return new FormBody(values);
    }

    /**
     * The single value of {@code name}, or null when absent; a repeated parameter (RFC 6749 §3.1) or one holding a
     * NUL character (which no field of ours may contain, and PostgreSQL refuses) is refused.
     */
    public String single(String name) {
        List<String> list = values.get(name);
        if (list == null) {
            return null;
        }
        if (list.size() > 1) {
            throw new BadForm("parameter " + name + " is repeated");
        }
        if (list.get(0).indexOf('\u0000') >= 0) {
            throw new BadForm("parameter " + name + " contains a NUL character");
        }
        return list.get(0);
    }

    /** The name of a parameter that holds a NUL character, or null. */
    public String firstWithNul() {
        for (var entry : values.entrySet()) {
            if (entry.getKey().indexOf('\u0000') >= 0 || entry.getValue().stream().anyMatch(v -> v.indexOf('\u0000') >= 0)) {
                return entry.getKey();
            }
        }
        return null;
    }

    public boolean repeated(String name) {
        List<String> list = values.get(name);
        return list != null && list.size() > 1;
    }

    /** Every value of a field that may repeat (checkboxes); NUL characters refused. */
    public List<String> all(String name) {
        List<String> list = values.getOrDefault(name, List.of());
        if (list.stream().anyMatch(v -> v.indexOf('\u0000') >= 0)) {
            throw new BadForm("parameter " + name + " contains a NUL character");
        }
        return list;
    }

    public Map<String, List<String>> asMap() {
        return values;
    }

    private static String decode(String raw) {
        String decoded;
        try {
            // URLDecoder is lenient about malformed UTF-8 (it substitutes); check the bytes first.
            decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadForm("the form has malformed percent-encoding");
        }
        if (decoded.indexOf('\uFFFD') >= 0 && !raw.contains("%EF%BF%BD") && !raw.contains("%ef%bf%bd") && !raw.contains("\uFFFD")) {
            throw new BadForm("the form is not valid UTF-8");
        }
        return decoded;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadForm("the form is not valid UTF-8");
        }
    }
}

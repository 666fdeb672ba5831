package dev.userinfo.auth.page;

import java.util.List;
import java.util.Locale;

/** The pages' language: Chinese for a browser that prefers zh*, English otherwise (RFC 9110 §12.5.4). */
public final class Lang {

    public static final Locale CHINESE = Locale.forLanguageTag("zh");
    public static final Locale ENGLISH = Locale.ENGLISH;

    private Lang() {
    }

    public static Locale of(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 1000) {
            return ENGLISH;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException e) {
            return ENGLISH;
        }
        // Sorted by weight already: the first range naming a language we have wins.
        for (Locale.LanguageRange range : ranges) {
            String tag = range.getRange().toLowerCase(Locale.ROOT);
            if (range.getWeight() <= 0) {
                continue;
            }
            if (tag.equals("zh") || tag.startsWith("zh-")) {
                return CHINESE;
            }
            if (tag.equals("en") || tag.startsWith("en-")) {
                return ENGLISH;
            }
        }
        return ENGLISH;
    }

    public static boolean chinese(Locale locale) {
        return "zh".equals(locale.getLanguage());
    }
}

package dev.userinfo.auth.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pages' language from Accept-Language (RFC 9110 §12.5.4): Chinese for zh*, English otherwise. */
class LangTest {

    @Test
    void ofWhenChineseIsPreferredThenChinese() {
        assertEquals(Lang.CHINESE, Lang.of("zh-CN,zh;q=0.9,en;q=0.8"));
        assertEquals(Lang.CHINESE, Lang.of("zh"));
        assertEquals(Lang.CHINESE, Lang.of("ZH-tw"));
    }

    @Test
    void ofWhenEnglishOutweighsChineseThenEnglish() {
        assertEquals(Lang.ENGLISH, Lang.of("zh;q=0.5,en;q=0.9"));
        assertEquals(Lang.ENGLISH, Lang.of("en-GB,zh-CN;q=0.8"));
    }

    @Test
    void ofWhenTheFirstLanguagesAreNeitherThenTheFirstWeHaveWins() {
        assertEquals(Lang.CHINESE, Lang.of("fr-FR,de;q=0.9,zh;q=0.5,en;q=0.4"));
    }

    @Test
    void ofWhenChineseIsExcludedWithWeightZeroThenEnglish() {
        assertEquals(Lang.ENGLISH, Lang.of("zh;q=0,fr"));
    }

    @Test
    void ofWhenAPrefixOnlyLooksLikeChineseThenNotChinese() {
        assertEquals(Lang.ENGLISH, Lang.of("zhx"));
    }

    @Test
    void ofWhenMissingMalformedOrAbsurdlyLongThenEnglish() {
        assertEquals(Lang.ENGLISH, Lang.of(null));
        assertEquals(Lang.ENGLISH, Lang.of(" "));
        assertEquals(Lang.ENGLISH, Lang.of("zh;q=abc"));
        assertEquals(Lang.ENGLISH, Lang.of("zh," + "x".repeat(1000)));
    }

    @Test
    void chineseWhenTheLocaleIsZhThenTrue() {
        assertTrue(Lang.chinese(Lang.CHINESE));
        assertTrue(Lang.chinese(java.util.Locale.SIMPLIFIED_CHINESE));
        assertFalse(Lang.chinese(Lang.ENGLISH));
    }
}

package dev.userinfo.info.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Seed 002's masking (its example shows the nickname as {@code t**}), code point by code point. */
class MaskingTest {

    @Test
    void nicknameWhenPlainThenFirstCharacterAndTwoStars() {
        assertEquals("t**", Masking.nickname("tom"));
        assertEquals("t**", Masking.nickname("t"));
        assertEquals("t**", Masking.nickname("theodore-the-long"));
    }

    @Test
    void nicknameWhenTheFirstCharacterIsChineseOrAnEmojiThenItStaysWhole() {
        assertEquals("张**", Masking.nickname("张三丰"));
        assertEquals("😀**", Masking.nickname("😀smile"));
    }

    @Test
    void nicknameWhenNullOrEmptyThenEmpty() {
        assertEquals("", Masking.nickname(null));
        assertEquals("", Masking.nickname(""));
    }

    @Test
    void phoneWhenElevenOrMoreCharactersThenFirstThreeAndLastFourKept() {
        assertEquals("+86*******5678", Masking.phone("+8613812345678"));
        assertEquals("138****5678", Masking.phone("13812345678"));
    }

    @Test
    void phoneWhenEightToTenCharactersThenOnlyTheLastFourKept() {
        assertEquals("****5678", Masking.phone("12345678"));
        assertEquals("******7890", Masking.phone("1234567890"));
    }

    @Test
    void phoneWhenShorterThanEightThenAtMostTheLastTwoKept() {
        assertEquals("*****67", Masking.phone("1234567"));
        assertEquals("**34", Masking.phone("1234"));
        assertEquals("*2", Masking.phone("12"));
        assertEquals("*", Masking.phone("1"));
    }

    @Test
    void phoneWhenNullOrEmptyThenEmpty() {
        assertEquals("", Masking.phone(null));
        assertEquals("", Masking.phone(""));
    }

    @Test
    void emailWhenPlainThenFirstCharacterStarsAndTheDomain() {
        assertEquals("a***@example.com", Masking.email("alice@example.com"));
        assertEquals("b***@example.com", Masking.email("b@example.com"));
    }

    @Test
    void emailWhenTheLocalPartHoldsAnAtThenTheLastAtSplits() {
        assertEquals("\"***@example.com", Masking.email("\"a@b\"@example.com"));
    }

    @Test
    void emailWhenTheLocalPartIsEmptyOrThereIsNoAtThenStillMasked() {
        assertEquals("***@example.com", Masking.email("@example.com"));
        assertEquals("n***", Masking.email("not-an-address"));
    }

    @Test
    void emailWhenTheFirstCharacterIsOutsideTheBmpThenItStaysWhole() {
        assertEquals("😀***@example.com", Masking.email("😀x@example.com"));
        assertEquals("王***@例子.中国", Masking.email("王小明@例子.中国"));
    }

    @Test
    void emailWhenNullOrEmptyThenEmpty() {
        assertEquals("", Masking.email(null));
        assertEquals("", Masking.email(""));
    }
}

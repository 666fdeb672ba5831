package dev.userinfo.contracts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seeds' own example responses, copied verbatim into docs/contracts/seeds/ (seed 003 prints none: its file is
 * the schema's fields in x-apifox-orders order with a value of each declared type), for the seed contract tests.
 */
public final class SeedExamples {

    /** Seed 000 {@code GET /chatroom/api/account/info}, 200. */
    public static final String ACCOUNT_INFO_200 = "000-account-info-200.json";
    /** Seed 001 step 2, {@code /userservices/v2/authorization/token}, 200 and 400. */
    public static final String VVCHAT_TOKEN_200 = "001-token-200.json";
    public static final String VVCHAT_TOKEN_400 = "001-token-400.json";
    /** Seed 002 {@code GET /user/info}, 正确时返回 and 错误时返回. */
    public static final String USER_INFO_200 = "002-user-info-200.json";
    public static final String USER_INFO_ERROR = "002-user-info-error.json";
    /** Seed 003 {@code GET /api/user/self}, 200 (from the schema). */
    public static final String USER_SELF_200 = "003-user-self-200.json";
    /** Seed 004 {@code POST /developer/profile.php}, 成功响应示例 and 错误响应示例. */
    public static final String PROFILE_200 = "004-profile-200.json";
    public static final String PROFILE_401 = "004-profile-401.json";

    private SeedExamples() {
    }

    /** The example's text; {@code platform.root} is the checkout (the module's parent by default). */
    public static String read(String name) {
        try {
            return Files.readString(Path.of(System.getProperty("platform.root", ".."), "docs", "contracts", "seeds", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

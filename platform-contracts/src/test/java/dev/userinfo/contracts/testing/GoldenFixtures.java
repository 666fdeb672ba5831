package dev.userinfo.contracts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The golden JSON of the internal contracts (docs/contracts/), for the tests of both sides of each contract. */
public final class GoldenFixtures {

    private GoldenFixtures() {
    }

    /** The fixture's text; {@code platform.root} is the checkout (the module's parent by default). */
    public static String read(String name) {
        try {
            return Files.readString(Path.of(System.getProperty("platform.root", ".."), "docs", "contracts", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A user-event batch fixture with its users 10001 and 10002 renamed to these ids, so a receiver's test run that
     * shares one database with other tests applies it to users of its own.
     */
    public static String userEvents(String name, long first, long second) {
        return read(name).replace("\"id\": 10001", "\"id\": " + first).replace("\"id\": 10002", "\"id\": " + second);
    }

    /** An app-event fixture (§5) with its apps 1 and 2 (client_id demo-app) replaced by the test's own. */
    public static String appEvents(String name, long first, String firstClientId, long second) {
        return read(name).replace("\"appid\": 1,", "\"appid\": " + first + ",").replace("\"appid\": 2,", "\"appid\": " + second + ",")
                .replace("\"demo-app\"", "\"" + firstClientId + "\"");
    }
}

package dev.userinfo.bench.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the COPY parts hang their rows on: the scale users' ids (the same id in all three services) and the scale
 * apps' appids and client ids. One seeded random source, so two builds of one size make alike data.
 */
final class ScaleData {

    static final String LOGIN_PREFIX = "scale-";
    static final String APP_PREFIX = "scale-app-";

    final long[] userIds;
    final long[] appIds;
    final String[] clientIds;
    final SplittableRandom random = new SplittableRandom(19);

    private ScaleData(long[] userIds, long[] appIds, String[] clientIds) {
        this.userIds = userIds;
        this.appIds = appIds;
        this.clientIds = clientIds;
    }

    static ScaleData load(Connection db) throws SQLException {
        List<Long> users = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT id FROM auth.app_user WHERE login LIKE 'scale-%' ORDER BY id");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                users.add(r.getLong(1));
            }
        }
        List<Long> apps = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT appid, client_id FROM auth.app WHERE client_id LIKE 'scale-app-%' ORDER BY appid");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                apps.add(r.getLong(1));
                clients.add(r.getString(2));
            }
        }
        return new ScaleData(users.stream().mapToLong(Long::longValue).toArray(), apps.stream().mapToLong(Long::longValue).toArray(),
                clients.toArray(String[]::new));
    }

    long anyUser() {
        return userIds[random.nextInt(userIds.length)];
    }

    int anyApp() {
        return random.nextInt(appIds.length);
    }

    /** A random 32-byte value: what a token's SHA-256 looks like to anyone without the token. */
    byte[] randomHash() {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i += 8) {
            long word = random.nextLong();
            for (int j = 0; j < 8; j++) {
                bytes[i + j] = (byte) (word >>> (8 * j));
            }
        }
        return bytes;
    }
}

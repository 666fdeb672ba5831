package dev.userinfo.auth.user;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads auth-service's tables over JDBC in tests, to check what a request did (or did not) write. */
public final class OutboxQueries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutboxQueries() {
    }

    private static Connection connection() throws SQLException {
        return Arc.container().instance(AgroalDataSource.class).get().getConnection();
    }

    /** The user's outbox events in seq order: type and the snapshot's fields. */
    public static List<Map<String, Object>> eventsOf(long userId) {
        try (Connection c = connection();
             PreparedStatement s = c.prepareStatement("SELECT type, payload::text FROM auth.user_event WHERE user_id = ? ORDER BY seq")) {
            s.setLong(1, userId);
            List<Map<String, Object>> events = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Map<String, Object> event = new HashMap<>(JSON.readValue(r.getString(2), new TypeReference<Map<String, Object>>() { }));
                    event.put("type", r.getString(1));
                    events.add(event);
                }
            }
            return events;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String table) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException(table);
        }
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM auth." + table);
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Feed rows of kind user naming this user. */
    public static long revocationsOfSubject(long userId) {
        try (Connection c = connection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM auth.revocation WHERE kind = 'user' AND subject = ?")) {
            s.setString(1, Long.toString(userId));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> user(long id) {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement("SELECT * FROM auth.app_user WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                Map<String, Object> row = new HashMap<>();
                if (r.next()) {
                    for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                        row.put(r.getMetaData().getColumnName(i), r.getObject(i));
                    }
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

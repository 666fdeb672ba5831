package dev.userinfo.quota;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Puts the tests' embedded PostgreSQL on a port the kernel picks, before Quarkus reads its configuration:
 * quarkus-embedded-postgresql otherwise takes the first free port from 5432 up, which two test runs starting
 * together on one machine both take; the second server then fails to bind and its tests silently use the first
 * one's database. (Registered in META-INF/services; an explicit -Dquarkus.embedded.postgresql.port wins.)
 */
public class FreePostgresPort implements LauncherSessionListener {

    static final String PORT = "quarkus.embedded.postgresql.port";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getProperty(PORT) != null) {
            return;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            System.setProperty(PORT, Integer.toString(socket.getLocalPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

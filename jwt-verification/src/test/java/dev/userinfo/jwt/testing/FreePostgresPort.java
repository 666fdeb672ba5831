package dev.userinfo.jwt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Puts the tests' embedded PostgreSQL on a port the kernel picks, before Quarkus reads its configuration:
 * quarkus-embedded-postgresql otherwise takes the first free port from 5432 up, which two test runs starting
 * together on one machine both take; the second server then fails to bind and its tests silently use the first
 * one's database. Registered in this test-jar's META-INF/services, so the tests of every service that uses the jar
 * get it; an explicit -Dquarkus.embedded.postgresql.port wins.
 */
public class FreePostgresPort implements LauncherSessionListener {

    public static final String PORT = "quarkus.embedded.postgresql.port";

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

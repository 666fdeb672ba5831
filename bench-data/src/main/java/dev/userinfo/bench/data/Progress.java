package dev.userinfo.bench.data;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on stderr, so stdout keeps only the RESULT line. */
final class Progress {

    private Progress() {
    }

    static void say(String format, Object... args) {
        System.err.println("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + String.format(java.util.Locale.ROOT, format, args));
    }

    /** Seconds since {@code startNanos}, for figures. */
    static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** A figure as the RESULT line prints it: one decimal for seconds, whole numbers for rates. */
    static String seconds(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}

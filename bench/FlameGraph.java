import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Flame graphs from JFR recordings with the JDK alone (bench/run.sh {@code PROFILE=jfr}, issue #19):
 * {@code java bench/FlameGraph.java <recording.jfr>...}. For each {@code X.jfr} it writes
 * <ul>
 * <li>{@code X.folded}: one {@code frame;frame;... samples} line per distinct stack, root first (the collapsed format
 * of flamegraph.pl and async-profiler, for other tools);</li>
 * <li>{@code X.svg}: a standalone flame graph (no script): a frame's width is its share of the samples, hovering shows
 * its samples and share; the row above {@code all} is the thread kind (thread name without its number, e.g.
 * {@code vert.x-eventloop-thread-}), so event-loop and worker time stay apart;</li>
 * <li>{@code X.top.txt}: the 30 methods with the most self samples (on top of the stack).</li>
 * </ul>
 * Samples are {@code jdk.ExecutionSample} events: Java threads running Java code, every 10 ms with
 * {@code settings=profile}; threads in native code or waiting do not appear. Not async-profiler's converter
 * ({@code tools.profiler:jfr-converter}): it writes HTML, not SVG, and would be a download at bench time.
 */
public class FlameGraph {

    static final int WIDTH = 1200;
    static final int ROW = 16;
    static final int TOP = 30;

    /** One frame in the merged call tree; children sorted by name, as flame graphs order them. */
    static final class Node {
        final String name;
        long samples;
        final Map<String, Node> children = new TreeMap<>();

        Node(String name) {
            this.name = name;
        }

        int depth() {
            int max = 0;
            for (Node child : children.values()) {
                max = Math.max(max, child.depth());
            }
            return max + 1;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java bench/FlameGraph.java <recording.jfr>...");
            System.exit(2);
        }
        for (String arg : args) {
            Path jfr = Path.of(arg);
            String base = jfr.toString().replaceFirst("\\.jfr$", "");
            Map<String, Long> stacks = fold(jfr);
            long total = stacks.values().stream().mapToLong(Long::longValue).sum();
            writeFolded(stacks, Path.of(base + ".folded"));
            writeTop(stacks, total, jfr.getFileName().toString(), Path.of(base + ".top.txt"));
            writeSvg(tree(stacks), total, jfr.getFileName().toString(), Path.of(base + ".svg"));
            System.out.printf("%s: %d samples -> %s.{svg,folded,top.txt}%n", jfr, total, base);
        }
    }

    /** Stacks (root first, thread kind as the root frame) and how many samples each had. */
    static Map<String, Long> fold(Path jfr) throws IOException {
        Map<String, Long> stacks = new HashMap<>();
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                RecordedStackTrace trace = event.getStackTrace();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || trace == null) {
                    continue;
                }
                RecordedThread thread = event.getThread("sampledThread");
                String kind = thread == null || thread.getJavaName() == null ? "[unknown thread]"
                        : "[" + thread.getJavaName().replaceAll("[0-9]+$", "") + "]";
                StringBuilder stack = new StringBuilder(kind);
                if (trace.isTruncated()) {
                    stack.append(";[truncated]"); // deeper than -XX:FlightRecorderOptions=stackdepth
                }
                List<RecordedFrame> frames = trace.getFrames();
                for (int i = frames.size() - 1; i >= 0; i--) {
                    RecordedFrame frame = frames.get(i);
                    stack.append(';').append(frame.getMethod().getType().getName()).append('.').append(frame.getMethod().getName());
                }
                stacks.merge(stack.toString().replace(' ', '_'), 1L, Long::sum);
            }
        }
        return stacks;
    }

    static void writeFolded(Map<String, Long> stacks, Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(stacks).forEach((stack, n) -> lines.add(stack + " " + n));
        Files.write(out, lines);
    }

    static void writeTop(Map<String, Long> stacks, long total, String title, Path out) throws IOException {
        Map<String, Long> self = new HashMap<>();
        stacks.forEach((stack, n) -> self.merge(stack.substring(stack.lastIndexOf(';') + 1), n, Long::sum));
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            w.printf("# %s: %d samples (jdk.ExecutionSample); top %d methods by self samples%n", title, total, TOP);
            w.printf("%8s %7s  %s%n", "samples", "share", "method");
            self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                    .forEach(e -> w.printf(Locale.ROOT, "%8d %6.2f%%  %s%n", e.getValue(), 100.0 * e.getValue() / total, e.getKey()));
        }
    }

    static Node tree(Map<String, Long> stacks) {
        Node root = new Node("all");
        stacks.forEach((stack, n) -> {
            Node node = root;
            root.samples += n;
            for (String frame : stack.split(";")) {
                node = node.children.computeIfAbsent(frame, Node::new);
                node.samples += n;
            }
        });
        return root;
    }

    static void writeSvg(Node root, long total, String title, Path out) throws IOException {
        int height = (root.depth() + 1) * ROW + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<?xml version=\"1.0\" standalone=\"no\"?>%n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"monospace\" font-size=\"11\">%n"
                + "<style>text { pointer-events: none; } rect:hover { stroke: #000; stroke-width: 0.5; }</style>%n"
                + "<rect width=\"100%%\" height=\"100%%\" fill=\"#f8f8f8\"/>%n"
                + "<text x=\"10\" y=\"20\" font-size=\"14\">%s: %d samples (hover a frame for its share)</text>%n",
                WIDTH, height, WIDTH, height, escape(title), total));
        if (total > 0) {
            frame(svg, root, 10, 0, (WIDTH - 20.0) / total, total, height);
        }
        svg.append("</svg>\n");
        Files.writeString(out, svg);
    }

    /** One frame at {@code level} (0 = bottom), then its children from left to right above it. */
    static void frame(StringBuilder svg, Node node, double x, int level, double pxPerSample, long total, int height) {
        double width = node.samples * pxPerSample;
        if (width < 0.3) {
            return; // invisible; its share is still in its parent's width
        }
        double y = height - 10 - (level + 1) * ROW;
        String name = escape(node.name);
        svg.append(String.format(Locale.ROOT,
                "<g><title>%s (%d samples, %.2f%%)</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"2\" fill=\"%s\"/>",
                name, node.samples, 100.0 * node.samples / total, x, y, width, ROW - 1, color(node.name)));
        int fits = (int) ((width - 6) / 6.6);
        if (fits >= 3) {
            String label = node.name.length() <= fits ? node.name : node.name.substring(0, fits - 2) + "..";
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", x + 3, y + ROW - 4, escape(label)));
        }
        svg.append("</g>\n");
        double childX = x;
        for (Node child : node.children.values()) {
            frame(svg, child, childX, level + 1, pxPerSample, total, height);
            childX += child.samples * pxPerSample;
        }
    }

    /** Our code blue, the JDK orange, frameworks (Vert.x, Netty, Quarkus, Mutiny, Hibernate) yellow, the rest red. */
    static String color(String name) {
        int shade = Math.floorMod(name.hashCode(), 40);
        if (name.startsWith("[") || name.equals("all")) {
            return "rgb(200,200,200)";
        } else if (name.startsWith("dev.userinfo.")) {
            return "rgb(" + (80 + shade) + "," + (160 + shade) + ",230)";
        } else if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
            return "rgb(240," + (140 + shade) + ",60)";
        } else if (name.matches("^(io\\.(vertx|netty|quarkus|smallrye)|org\\.(hibernate|jboss)).*")) {
            return "rgb(230," + (190 + shade) + ",70)";
        }
        return "rgb(225," + (90 + shade) + ",80)";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

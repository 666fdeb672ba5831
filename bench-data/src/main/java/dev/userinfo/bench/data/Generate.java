package dev.userinfo.bench.data;

import java.sql.Connection;
import java.util.Arrays;
import java.util.List;

/**
 * The bench's large-data generator (issue #19; bench/README.md, "Data generator"). Commands:
 * <ul>
 *   <li>{@code build --users N --orgs N --apps N --ledger-rows N --refresh-families N --prompt-events N --revocations N}
 *   plus the connection options: builds the dataset against a running platform, or reuses a finished one of the same
 *   sizes; last stdout line {@code RESULT dataset=built|reused users=… …}.</li>
 *   <li>{@code sessions --count N --client-id ID --scope "…" --out FILE}: signed-in sessions with consent for N random
 *   scale users; prints {@code RESULT sessions=N}.</li>
 * </ul>
 * Progress goes to stderr. Exit status 2 for a usage mistake, 1 for a failure.
 */
public final class Generate {

    private Generate() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(run(List.of(args)));
        } catch (IllegalArgumentException e) {
            System.err.println("usage: Generate build|sessions [--key value ...]: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("Generate failed: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /** Runs one command; returns its RESULT line. */
    public static String run(List<String> args) throws Exception {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a command is required");
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "build" -> build(Options.parse(rest, Options.SIZES, Options.CONNECTION));
            case "sessions" -> sessions(Options.parse(rest, Options.SESSIONS, Options.CONNECTION));
            default -> throw new IllegalArgumentException("unknown command " + args.get(0));
        };
    }

    private static String build(Options options) throws Exception {
        String sizes = options.sizes();
        Platform platform = new Platform(options);
        long start = System.nanoTime();
        try (Connection db = platform.connect()) {
            Dataset dataset = new Dataset(db);
            java.util.Optional<String> reused = dataset.finished(sizes);
            if (reused.isPresent()) {
                Progress.say("the dataset %s is built already: reused", sizes);
                return "RESULT dataset=reused " + reused.get();
            }
            dataset.begin(sizes);
            String users = new ScaleUsers(platform, options.number("users")).build(db, dataset);
            new ScaleApps(platform, options.number("apps")).build(db, dataset);
            ScaleData data = ScaleData.load(db);
            for (CopyPart part : Arrays.asList(new Organisations(options.number("orgs")), new AppGroups(),
                    new Ledger(options.number("ledger-rows")), new RefreshFamilies(options.number("refresh-families")),
                    new PromptEvents(options.number("prompt-events")), new RevocationRules(options.number("revocations")))) {
                CopyPart.run(db, dataset, part, data);
            }
            String result = "users=" + data.userIds.length + " orgs=" + options.number("orgs") + " apps=" + data.appIds.length
                    + " ledger_rows=" + options.number("ledger-rows") + " " + users;
            dataset.finish(result);
            Progress.say("built in %s s", Progress.seconds(Progress.since(start)));
            return "RESULT dataset=built " + result;
        }
    }

    private static String sessions(Options options) throws Exception {
        Platform platform = new Platform(options);
        try (Connection db = platform.connect()) {
            return "RESULT sessions=" + new ScaleSessions(options).write(db);
        }
    }
}

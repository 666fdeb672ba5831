import dev.userinfo.local.LocalPlatform;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The platform bench/startup.sh measures against, on free ports and a throw-away database (other platforms may hold
 * 8443-8445 and 55432 on this machine): local-platform's {@link LocalPlatform} with {@code Options.ephemeral}. Once
 * every service is ready it writes {@code <work>/ready} ({@code auth=<port> userinfo=<port> quota=<port>}) and runs
 * until it is sent SIGTERM, when its shutdown hook stops the services and PostgreSQL.
 *
 * <pre>
 *   java -cp "local-platform/target/local-platform-*.jar:local-platform/target/lib/*" bench/StartupPlatform.java ROOT WORK
 * </pre>
 */
public class StartupPlatform {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path work = Path.of(args[1]).toAbsolutePath().normalize();
        LocalPlatform.Options options = LocalPlatform.Options.ephemeral(root, work);
        LocalPlatform platform = LocalPlatform.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "startup-platform-stop"));
        Files.writeString(work.resolve("ready"), "auth=" + options.authPort() + " userinfo=" + options.userinfoPort()
                + " quota=" + options.quotaPort() + "\n");
        Thread.currentThread().join();
    }
}

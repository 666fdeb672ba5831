import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Bench helper for the userinfo scenarios (source launcher, with local-platform's classpath for its PostgreSQL).
 * Starts a throw-away embedded PostgreSQL of its own (local-platform's LocalPostgres, in out-dir/postgres, on
 * pg-port), and, until auth-service issues user tokens (issue #3), plays auth-service's token side: an RSA-2048
 * key, its JWKS served over HTTPS with the local TLS material (.local/tls/server.crt, server.key), and RS256 access
 * tokens shaped like auth-service's (docs/internal-contracts.md §1) written into out-dir. Serves until killed;
 * SIGTERM stops PostgreSQL too.
 *
 *   java -cp 'local-platform/target/local-platform-*.jar:local-platform/target/lib/*' bench/UserinfoBenchSupport.java \
 *        <tls-dir> <out-dir> <jwks-port> <pg-port> <issuer> <user-id> <client-id> <lifetime-s>
 */
public class UserinfoBenchSupport {

    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public static void main(String[] args) throws Exception {
        Path tls = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        int pgPort = Integer.parseInt(args[3]);
        String issuer = args[4];
        String user = args[5];
        String client = args[6];
        long lifetime = Long.parseLong(args[7]);

        // local-platform's embedded PostgreSQL, not durable (a bench database), stopped on SIGTERM
        AutoCloseable postgres = (AutoCloseable) Class.forName("dev.userinfo.local.LocalPostgres")
                .getMethod("start", int.class, Path.class, boolean.class).invoke(null, pgPort, out.resolve("postgres"), false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL: " + e);
            }
        }));

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key = generator.generateKeyPair();
        String kid = "bench-" + UUID.randomUUID();
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
                + B64.encodeToString(unsigned(pub.getModulus())) + "\",\"e\":\"" + B64.encodeToString(unsigned(pub.getPublicExponent())) + "\"}]}";

        Files.createDirectories(out);
        long now = System.currentTimeMillis() / 1000;
        String all = "openid profile email phone org_read user_info_read user_chat_duration_read snsapi_userinfo";
        write(out.resolve("user.token"), sign(key.getPrivate(), kid, "{\"iss\":\"" + issuer + "\",\"sub\":\"" + user + "\",\"aud\":\"" + AUDIENCE
                + "\",\"client_id\":\"" + client + "\",\"scope\":\"" + all + "\",\"open_id\":\"oid-bench-" + user + "\",\"gid\":\""
                + UUID.randomUUID() + "\",\"iat\":" + now + ",\"exp\":" + (now + lifetime) + ",\"jti\":\"" + UUID.randomUUID() + "\"}"));
        write(out.resolve("events.token"), sign(key.getPrivate(), kid, "{\"iss\":\"" + issuer + "\",\"sub\":\"auth-service\",\"aud\":\"" + AUDIENCE + "\","
                + "\"client_id\":\"auth-service\",\"scope\":\"platform.user-events\",\"gty\":\"client-credentials\",\"iat\":" + now
                + ",\"exp\":" + (now + lifetime) + ",\"jti\":\"" + UUID.randomUUID() + "\"}"));
        // The app arrives as auth-service announces it (docs/internal-contracts.md §5), with that feed's own scope.
        write(out.resolve("app-events.token"), sign(key.getPrivate(), kid, "{\"iss\":\"" + issuer + "\",\"sub\":\"auth-service\",\"aud\":\"" + AUDIENCE + "\","
                + "\"client_id\":\"auth-service\",\"scope\":\"platform.app-events\",\"gty\":\"client-credentials\",\"iat\":" + now
                + ",\"exp\":" + (now + lifetime) + ",\"jti\":\"" + UUID.randomUUID() + "\"}"));

        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext(tls)));
        byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
        server.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // auth-service's revocation feed, empty: the measured instance follows it as in production, so every request
        // pays the revocation check. A long poll is answered after its wait, with nothing new.
        server.createContext("/internal/revocations", exchange -> {
            String query = String.valueOf(exchange.getRequestURI().getQuery());
            long waitSeconds = query.contains("wait=") ? Long.parseLong(query.replaceAll(".*wait=(\\d+).*", "$1")) : 0;
            try {
                Thread.sleep(Math.min(waitSeconds, 30) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] page = "{\"revocations\":[],\"last_seq\":0,\"more\":false}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        write(out.resolve("ready"), "https://localhost:" + port + "/jwks.json");
        System.out.println("PostgreSQL on " + pgPort + ", JWKS on https://localhost:" + port + "/jwks.json, tokens in " + out);
    }

    /** The measured userinfo-service's platform.jwt.audience (its local profile): RFC 9068 aud names the resource server. */
    static final String AUDIENCE = "https://localhost:8444";

    static String sign(PrivateKey key, String kid, String claims) throws Exception {
        String input = B64.encodeToString(("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature.sign());
    }

    static SSLContext sslContext(Path tls) throws Exception {
        String pem = Files.readString(tls.resolve("server.key"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        Certificate[] chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(tls.resolve("server.crt")))).toArray(Certificate[]::new);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", privateKey, new char[0], chain);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static void write(Path file, String content) throws Exception {
        Files.writeString(file, content);
    }
}

package dev.userinfo.auth.testing;

import dev.userinfo.jwt.testing.JwksTestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends a request line exactly as written over real TLS (trusting the local CA), for inputs HTTP client libraries
 * refuse to send: malformed percent-encoding, raw non-ASCII bytes.
 */
public final class RawHttps {

    public record Answer(int status, String head, String body) {
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttps() {
    }

    public static Answer get(URL base, String target) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = java.nio.file.Files.newInputStream(JwksTestServer.localTlsDir().resolve("ca.p12"))) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", base.getPort())) {
                socket.setSoTimeout(20000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + target + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                socket.getInputStream().transferTo(response);
                String text = response.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                String head = end < 0 ? text : text.substring(0, end);
                int status = Integer.parseInt(head.split(" ")[1]);
                return new Answer(status, head, end < 0 ? "" : text.substring(end + 4));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

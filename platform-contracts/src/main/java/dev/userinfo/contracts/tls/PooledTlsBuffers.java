package dev.userinfo.contracts.tls;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The HTTPS server's JDK TLS engine takes its record buffers from Netty's pool (issue #19). Left at Vert.x's default,
 * every TLS record written allocates and zeroes a fresh 16 KiB heap buffer (SslHandler.allocateOutNetBuf through
 * PartialPooledByteBufAllocator.heapBuffer): 13 % of a verified {@code /whoami}'s CPU in the profile, plus the GC.
 * Vert.x's {@link JdkSSLEngineOptions#setPooledHeapBuffers} recommends pooling; Quarkus offers it only as the JVM system
 * property {@code quarkus.http.server.ssl.jdk.bufferPooling}, which every image, chart and ./run.sh would have to pass, so
 * the services set it here. An OpenSSL engine is left as it is.
 */
@ApplicationScoped
public class PooledTlsBuffers implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        options.setSslEngineOptions(pooled(options.getSslEngineOptions()));
    }

    /** The engine options with pooled heap buffers when the engine is the JDK's (or unset, which means the JDK's). */
    static SSLEngineOptions pooled(SSLEngineOptions engine) {
        if (engine == null) {
            return new JdkSSLEngineOptions().setPooledHeapBuffers(true);
        }
        if (engine instanceof JdkSSLEngineOptions jdk) {
            return new JdkSSLEngineOptions(jdk).setPooledHeapBuffers(true);
        }
        return engine;
    }
}

package dev.userinfo.contracts.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import org.junit.jupiter.api.Test;

/** The HTTPS server's TLS engine options after {@link PooledTlsBuffers} (issue #19). */
class PooledTlsBuffersTest {

    @Test
    void customizeWhenNoEngineIsSetThenTheJdkEngineWithPooledHeapBuffers() {
        HttpServerOptions options = new HttpServerOptions();
        new PooledTlsBuffers().customizeHttpsServer(options);
        JdkSSLEngineOptions engine = (JdkSSLEngineOptions) options.getSslEngineOptions();
        assertTrue(engine.isPooledHeapBuffers());
    }

    @Test
    void customizeWhenTheJdkEngineIsSetThenItsOtherSettingsAreKept() {
        JdkSSLEngineOptions given = new JdkSSLEngineOptions();
        given.setUseWorkerThread(true);
        HttpServerOptions options = new HttpServerOptions().setSslEngineOptions(given);
        new PooledTlsBuffers().customizeHttpsServer(options);
        JdkSSLEngineOptions engine = (JdkSSLEngineOptions) options.getSslEngineOptions();
        assertTrue(engine.isPooledHeapBuffers());
        assertTrue(engine.getUseWorkerThread());
        assertFalse(given.isPooledHeapBuffers(), "the options given are copied, not changed");
    }

    @Test
    void customizeWhenAnOpenSslEngineIsSetThenItIsLeftAsItIs() {
        OpenSSLEngineOptions openSsl = new OpenSSLEngineOptions();
        HttpServerOptions options = new HttpServerOptions().setSslEngineOptions(openSsl);
        new PooledTlsBuffers().customizeHttpsServer(options);
        assertSame(openSsl, options.getSslEngineOptions());
        assertEquals(OpenSSLEngineOptions.class, options.getSslEngineOptions().getClass());
    }
}

package dev.userinfo.contracts.tls;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Which certificate files each TLS configuration reads, and how often they are checked for a renewal (issue #16, 6). */
@ConfigMapping(prefix = "platform.tls.renewal")
public interface CertificateRenewalConfig {

    /** How often the files are compared with what is in use; a change is applied once it held for one check. */
    @WithDefault("1m")
    Duration checkInterval();

    /**
     * TLS configuration name ({@code default} for the unnamed one the HTTPS server uses) → the files it was built
     * from. None: nothing is watched.
     */
    Map<String, List<Path>> files();
}

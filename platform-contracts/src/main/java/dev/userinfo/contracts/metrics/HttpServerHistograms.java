package dev.userinfo.contracts.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Buckets for Quarkus' HTTP server timer so the p99 alert can use histogram_quantile (issue #16 item 9). A MeterFilter
 * bean is applied by Quarkus to every meter (Quarkus Micrometer guide, "Customizing Micrometer").
 */
@Singleton
public class HttpServerHistograms {

    @Produces
    @Singleton
    MeterFilter httpServerHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!PlatformMeters.HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(PlatformMeters.HTTP_BUCKETS_NANOS)
                        .build().merge(config);
            }
        };
    }
}

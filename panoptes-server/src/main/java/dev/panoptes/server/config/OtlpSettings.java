package dev.panoptes.server.config;

import dev.panoptes.wire.otlp.DeltaToCumulative;
import dev.panoptes.wire.otlp.OtlpMetricsTranslator;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code otlp:} section: the standard OTLP ports, opened beside the main port so that
 * OpenTelemetry SDKs work with no configuration. OTLP/HTTP is also served on the main port.
 *
 * @param grpcPort OTLP/gRPC (4317 by default); 0 leaves it closed
 * @param httpPort OTLP/HTTP (4318 by default); 0 leaves it closed
 * @param translationStrategy {@code underscore_escaping_with_suffixes} (default: Prometheus names
 *     with unit and type suffixes) or {@code no_translation} (names as OTLP sends them)
 * @param promoteResourceAttributes resource attributes added as labels to every series
 * @param deltaToCumulative how delta-temporality metrics are made cumulative
 */
public record OtlpSettings(Integer grpcPort, Integer httpPort, String translationStrategy, List<String> promoteResourceAttributes,
                           DeltaToCumulativeSettings deltaToCumulative) {

    /**
     * The {@code otlp.delta_to_cumulative:} section, per tenant.
     *
     * @param maxStale a delta stream not written for this long is forgotten (5m by default)
     * @param maxStreams delta streams tracked at once (100000 by default); points of new streams
     *     beyond it are refused as a partial success
     */
    public record DeltaToCumulativeSettings(Duration maxStale, Integer maxStreams) {
        public DeltaToCumulativeSettings {
            maxStale = maxStale == null ? DeltaToCumulative.Options.DEFAULT_MAX_STALE : maxStale;
            maxStreams = maxStreams == null ? DeltaToCumulative.Options.DEFAULT_MAX_STREAMS : maxStreams;
            new DeltaToCumulative.Options(maxStale, maxStreams);
        }

        public DeltaToCumulative.Options options() {
            return new DeltaToCumulative.Options(maxStale, maxStreams);
        }
    }

    public OtlpSettings(Integer grpcPort, Integer httpPort) {
        this(grpcPort, httpPort, null, null, null);
    }

    public OtlpSettings {
        translationStrategy = translationStrategy == null ? "underscore_escaping_with_suffixes" : translationStrategy;
        if (!translationStrategy.equals("underscore_escaping_with_suffixes") && !translationStrategy.equals("no_translation")) {
            throw new IllegalArgumentException("translation_strategy '" + translationStrategy
                    + "' is not one of underscore_escaping_with_suffixes, no_translation");
        }
        deltaToCumulative = deltaToCumulative == null ? new DeltaToCumulativeSettings(null, null) : deltaToCumulative;
        promoteResourceAttributes = promoteResourceAttributes == null ? List.of() : List.copyOf(promoteResourceAttributes);
        grpcPort = grpcPort == null ? 4317 : grpcPort;
        httpPort = httpPort == null ? 4318 : httpPort;
        if (grpcPort < 0 || grpcPort > 65535 || httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("otlp ports must be 0 (closed) or a port number");
        }
    }

    /** The translation options these settings ask for. */
    public OtlpMetricsTranslator.Options translation() {
        return new OtlpMetricsTranslator.Options(translationStrategy.equals("no_translation"), Set.copyOf(promoteResourceAttributes));
    }

    /** Both standard ports closed (tests and embedded use). */
    public static OtlpSettings closed() {
        return new OtlpSettings(0, 0, null, null, null);
    }
}

package dev.panoptes.metrics.scrape;

import dev.panoptes.wire.exposition.ProtobufExpositionParser;
import java.util.List;
import java.util.Locale;

/**
 * The exposition formats a scrape can negotiate, under the names Prometheus' {@code scrape_protocols}
 * uses, with the media type each is asked for by.
 */
enum ScrapeProtocol {
    PROMETHEUS_PROTO("PrometheusProto", ProtobufExpositionParser.MEDIA_TYPE.replace(" ", "")),
    OPENMETRICS_1_0_0("OpenMetricsText1.0.0", "application/openmetrics-text;version=1.0.0"),
    OPENMETRICS_0_0_1("OpenMetricsText0.0.1", "application/openmetrics-text;version=0.0.1"),
    PROMETHEUS_TEXT_1_0_0("PrometheusText1.0.0", "text/plain;version=1.0.0"),
    PROMETHEUS_TEXT_0_0_4("PrometheusText0.0.4", "text/plain;version=0.0.4");

    /** What is asked for without native histograms, in order of preference. */
    static final List<ScrapeProtocol> DEFAULT = List.of(OPENMETRICS_1_0_0, OPENMETRICS_0_0_1, PROMETHEUS_TEXT_1_0_0, PROMETHEUS_TEXT_0_0_4);
    /** What is asked for with native histograms: the protobuf format first, since only it carries them. */
    static final List<ScrapeProtocol> DEFAULT_NATIVE = List.of(PROMETHEUS_PROTO, OPENMETRICS_1_0_0, OPENMETRICS_0_0_1, PROMETHEUS_TEXT_1_0_0,
            PROMETHEUS_TEXT_0_0_4);

    private final String configName;
    private final String mediaType;

    ScrapeProtocol(String configName, String mediaType) {
        this.configName = configName;
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    /** The protocol of a {@code scrape_protocols} entry; fails naming {@code key} and the valid names. */
    static ScrapeProtocol named(String name, String key) {
        for (ScrapeProtocol p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(key + " '" + name + "' is not one of PrometheusProto, OpenMetricsText1.0.0, "
                + "OpenMetricsText0.0.1, PrometheusText1.0.0, PrometheusText0.0.4");
    }

    /** The protocol a response's Content-Type names; null when it names none of them. */
    static ScrapeProtocol ofContentType(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/vnd.google.protobuf")) {
            return type.contains("proto=io.prometheus.client.metricfamily") && type.contains("encoding=delimited") ? PROMETHEUS_PROTO : null;
        }
        if (type.startsWith("application/openmetrics-text")) {
            return type.contains("version=0.0.1") ? OPENMETRICS_0_0_1 : OPENMETRICS_1_0_0;
        }
        if (type.startsWith("text/plain")) {
            return type.contains("version=1.0.0") ? PROMETHEUS_TEXT_1_0_0 : PROMETHEUS_TEXT_0_0_4;
        }
        return null;
    }

    boolean isOpenMetrics() {
        return this == OPENMETRICS_1_0_0 || this == OPENMETRICS_0_0_1;
    }
}

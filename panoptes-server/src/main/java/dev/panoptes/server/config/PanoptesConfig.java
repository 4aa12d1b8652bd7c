package dev.panoptes.server.config;

import dev.panoptes.metrics.api.QuerySettings;
import dev.panoptes.metrics.ingest.IngestLimits;
import dev.panoptes.metrics.tsdb.TsdbSettings;
import dev.panoptes.metrics.scrape.ScrapeConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole server configuration, as read from {@code --config FILE} and then overridden by
 * command-line flags. Absent keys take the defaults written in each section's constructor, so
 * {@code PanoptesConfig.defaults()} is the configuration of a bare {@code panoptes
 * server}.
 *
 * @param dataDir where every pillar keeps its files; one process owns it at a time
 * @param server the HTTP listener and process settings
 * @param tenancy how requests are assigned to tenants
 * @param tsdb the metrics database of every tenant
 * @param limits what a written series may look like
 * @param global Prometheus' {@code global:} scrape defaults
 * @param scrapeConfigs Prometheus-compatible scrape jobs; when absent, the server scrapes its own
 *     {@code /metrics} every 15 s (an empty list scrapes nothing)
 * @param otlp the standard OTLP ports
 * @param query the PromQL engine's limits and the query API's concurrency
 * @param logs the log store and the limits of log pushes and queries
 * @param enableFeatures optional behaviours, named as Prometheus' {@code --enable-feature} names
 *     them: {@code created-timestamp-zero-ingestion} (a zero sample at each series' created
 *     timestamp, from the protobuf exposition format, remote write 2.0 and OTLP start times)
 */
public record PanoptesConfig(Path dataDir, ServerSettings server, TenancySettings tenancy, TsdbSettings tsdb, IngestLimits limits,
                             ScrapeConfig.Global global, List<ScrapeConfig> scrapeConfigs, OtlpSettings otlp, QuerySettings query,
                             LogsSettings logs, List<String> enableFeatures) {

    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final String CREATED_TIMESTAMP_ZERO_INGESTION = "created-timestamp-zero-ingestion";
    private static final List<String> FEATURES = List.of(CREATED_TIMESTAMP_ZERO_INGESTION);

    public PanoptesConfig {
        if (dataDir == null) {
            dataDir = DEFAULT_DATA_DIR;
        }
        if (server == null) {
            server = new ServerSettings(null, null, null, null, null);
        }
        if (tenancy == null) {
            tenancy = new TenancySettings(null, null);
        }
        if (tsdb == null) {
            tsdb = TsdbSettings.defaults();
        }
        if (limits == null) {
            limits = IngestLimits.defaults();
        }
        if (global == null) {
            global = ScrapeConfig.Global.defaults();
        }
        if (scrapeConfigs != null) {
            scrapeConfigs = List.copyOf(scrapeConfigs);
        }
        if (otlp == null) {
            otlp = new OtlpSettings(null, null);
        }
        if (query == null) {
            query = QuerySettings.defaults();
        }
        if (logs == null) {
            logs = LogsSettings.defaults();
        }
        enableFeatures = enableFeatures == null ? List.of() : List.copyOf(enableFeatures);
        for (String feature : enableFeatures) {
            if (!FEATURES.contains(feature)) {
                throw new IllegalArgumentException("enable_features: unknown feature '" + feature + "' (known: " + String.join(", ", FEATURES) + ")");
            }
        }
    }

    /** Whether {@code enable_features} names {@code feature}. */
    public boolean featureEnabled(String feature) {
        return enableFeatures.contains(feature);
    }

    /** A configuration of the first three sections, the others at their defaults. */
    public PanoptesConfig(Path dataDir, ServerSettings server, TenancySettings tenancy) {
        this(dataDir, server, tenancy, null, null, null, null, null, null, null, null);
    }

    /** The configuration with every key at its default. */
    public static PanoptesConfig defaults() {
        return new PanoptesConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    public PanoptesConfig withDataDir(Path newDataDir) {
        return new PanoptesConfig(newDataDir, server, tenancy, tsdb, limits, global, scrapeConfigs, otlp, query, logs, enableFeatures);
    }

    public PanoptesConfig withScrapeConfigs(List<ScrapeConfig> configs) {
        return new PanoptesConfig(dataDir, server, tenancy, tsdb, limits, global, configs, otlp, query, logs, enableFeatures);
    }

    public PanoptesConfig withOtlp(OtlpSettings newOtlp) {
        return new PanoptesConfig(dataDir, server, tenancy, tsdb, limits, global, scrapeConfigs, newOtlp, query, logs, enableFeatures);
    }

    public PanoptesConfig withQuery(QuerySettings newQuery) {
        return new PanoptesConfig(dataDir, server, tenancy, tsdb, limits, global, scrapeConfigs, otlp, newQuery, logs, enableFeatures);
    }

    public PanoptesConfig withTenancy(TenancySettings newTenancy) {
        return new PanoptesConfig(dataDir, server, newTenancy, tsdb, limits, global, scrapeConfigs, otlp, query, logs, enableFeatures);
    }

    public PanoptesConfig withServer(ServerSettings newServer) {
        return new PanoptesConfig(dataDir, newServer, tenancy, tsdb, limits, global, scrapeConfigs, otlp, query, logs, enableFeatures);
    }

    public PanoptesConfig withLogs(LogsSettings newLogs) {
        return new PanoptesConfig(dataDir, server, tenancy, tsdb, limits, global, scrapeConfigs, otlp, query, newLogs, enableFeatures);
    }
}

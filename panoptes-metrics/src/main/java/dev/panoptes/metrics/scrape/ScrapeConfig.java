package dev.panoptes.metrics.scrape;

import dev.panoptes.core.config.ByteSize;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code scrape_configs}, with Prometheus' keys and defaults. Intervals and
 * timeouts left out take the {@code global:} section's.
 */
public record ScrapeConfig(String jobName, Duration scrapeInterval, Duration scrapeTimeout, String metricsPath, String scheme,
                           Map<String, List<String>> params, Boolean honorLabels, Boolean honorTimestamps, Integer sampleLimit,
                           Integer labelLimit, Integer labelNameLengthLimit, Integer labelValueLengthLimit,
                           List<StaticConfig> staticConfigs, List<RelabelConfig> relabelConfigs,
                           List<RelabelConfig> metricRelabelConfigs, BasicAuth basicAuth, Authorization authorization,
                           List<FileSdConfig> fileSdConfigs, List<HttpSdConfig> httpSdConfigs, ByteSize bodySizeLimit,
                           TlsConfig tlsConfig, List<String> scrapeProtocols, Boolean scrapeNativeHistograms,
                           Boolean alwaysScrapeClassicHistograms, String fallbackScrapeProtocol, Boolean scrapeClassicHistograms) {

    public ScrapeConfig {
        if (jobName == null || jobName.isBlank()) {
            throw new IllegalArgumentException("every scrape config needs a job_name");
        }
        metricsPath = metricsPath == null ? "/metrics" : metricsPath;
        scheme = scheme == null ? "http" : scheme;
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("scheme '" + scheme + "' of job " + jobName + " is not http or https");
        }
        params = params == null ? Map.of() : Map.copyOf(params);
        honorLabels = honorLabels != null && honorLabels;
        honorTimestamps = honorTimestamps == null || honorTimestamps;
        sampleLimit = sampleLimit == null ? 0 : sampleLimit;
        labelLimit = labelLimit == null ? 0 : labelLimit;
        labelNameLengthLimit = labelNameLengthLimit == null ? 0 : labelNameLengthLimit;
        labelValueLengthLimit = labelValueLengthLimit == null ? 0 : labelValueLengthLimit;
        staticConfigs = staticConfigs == null ? List.of() : List.copyOf(staticConfigs);
        relabelConfigs = relabelConfigs == null ? List.of() : List.copyOf(relabelConfigs);
        metricRelabelConfigs = metricRelabelConfigs == null ? List.of() : List.copyOf(metricRelabelConfigs);
        fileSdConfigs = fileSdConfigs == null ? List.of() : List.copyOf(fileSdConfigs);
        httpSdConfigs = httpSdConfigs == null ? List.of() : List.copyOf(httpSdConfigs);
        bodySizeLimit = bodySizeLimit == null ? new ByteSize(0) : bodySizeLimit;
        tlsConfig = tlsConfig == null ? TlsConfig.DEFAULT : tlsConfig;
        if (scrapeProtocols != null) {
            scrapeProtocols = List.copyOf(scrapeProtocols);
            checkProtocols(scrapeProtocols, "scrape_protocols of job " + jobName);
        }
        // scrape_classic_histograms is the name Prometheus 2 gave always_scrape_classic_histograms.
        alwaysScrapeClassicHistograms = alwaysScrapeClassicHistograms != null && alwaysScrapeClassicHistograms
                || scrapeClassicHistograms != null && scrapeClassicHistograms;
        scrapeClassicHistograms = alwaysScrapeClassicHistograms;
        if (fallbackScrapeProtocol != null) {
            ScrapeProtocol.named(fallbackScrapeProtocol, "fallback_scrape_protocol of job " + jobName);
        }
    }

    private static void checkProtocols(List<String> protocols, String key) {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException(key + " is empty");
        }
        for (String p : protocols) {
            ScrapeProtocol.named(p, key);
        }
    }

    /** What this job's scrapes negotiate and keep, with the global defaults filled in. */
    ScrapeProtocols protocols(Global global) {
        boolean nativeHistograms = scrapeNativeHistograms != null ? scrapeNativeHistograms : global.scrapeNativeHistograms();
        List<String> names = scrapeProtocols != null ? scrapeProtocols : global.scrapeProtocols();
        List<ScrapeProtocol> accepted;
        if (names == null) {
            accepted = nativeHistograms ? ScrapeProtocol.DEFAULT_NATIVE : ScrapeProtocol.DEFAULT;
        } else {
            accepted = new java.util.ArrayList<>();
            for (String name : names) {
                accepted.add(ScrapeProtocol.named(name, "scrape_protocols"));
            }
        }
        ScrapeProtocol fallback = fallbackScrapeProtocol == null ? ScrapeProtocol.PROMETHEUS_TEXT_0_0_4
                : ScrapeProtocol.named(fallbackScrapeProtocol, "fallback_scrape_protocol");
        return new ScrapeProtocols(accepted, fallback, nativeHistograms, alwaysScrapeClassicHistograms);
    }

    /** A configuration with only static targets. */
    public static ScrapeConfig ofStatic(String jobName, Duration interval, List<StaticConfig> targets) {
        return new ScrapeConfig(jobName, interval, null, null, null, null, null, null, null, null, null, null, targets, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * {@code file_sd_configs:} JSON or YAML files (globs allowed in the last path element) holding
     * target groups, re-read every {@code refresh_interval} (5m by default).
     */
    public record FileSdConfig(List<String> files, Duration refreshInterval) {
        public FileSdConfig {
            files = files == null ? List.of() : List.copyOf(files);
            refreshInterval = refreshInterval == null ? Duration.ofMinutes(5) : refreshInterval;
        }
    }

    /** {@code http_sd_configs:} a URL answering a JSON list of target groups, fetched every {@code refresh_interval} (1m). */
    public record HttpSdConfig(String url, Duration refreshInterval) {
        public HttpSdConfig {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("http_sd_configs needs a url");
            }
            refreshInterval = refreshInterval == null ? Duration.ofMinutes(1) : refreshInterval;
        }
    }

    /** A static target group: addresses and labels added to each. */
    public record StaticConfig(List<String> targets, Map<String, String> labels) {
        public StaticConfig {
            targets = targets == null ? List.of() : List.copyOf(targets);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /**
     * {@code tls_config:} how HTTPS targets are verified and what the scraper presents, with
     * Prometheus' keys. PEM files (or inline PEM in {@code ca}, {@code cert}, {@code key}); without a
     * CA the JDK's trusted roots apply. {@code server_name} is the name the certificate must carry
     * (and the SNI name for targets addressed by IP); versions are {@code TLS10} to {@code TLS13},
     * at least {@code TLS12} by default.
     */
    public record TlsConfig(String caFile, String ca, String certFile, String cert, String keyFile, String key, String serverName,
                            Boolean insecureSkipVerify, String minVersion, String maxVersion) {
        static final TlsConfig DEFAULT = new TlsConfig(null, null, null, null, null, null, null, null, null, null);

        public TlsConfig {
            insecureSkipVerify = insecureSkipVerify != null && insecureSkipVerify;
            minVersion = minVersion == null || minVersion.isEmpty() ? "TLS12" : minVersion;
            ScrapeTls.protocol(minVersion, "min_version");
            if (maxVersion != null && !maxVersion.isEmpty()) {
                ScrapeTls.protocol(maxVersion, "max_version");
            }
            if ((certFile != null || cert != null) != (keyFile != null || key != null)) {
                throw new IllegalArgumentException("tls_config needs both a client certificate (cert_file or cert) and its key (key_file or key)");
            }
            if (caFile != null && ca != null || certFile != null && cert != null || keyFile != null && key != null) {
                throw new IllegalArgumentException("tls_config takes a file or an inline value for each of ca, cert and key, not both");
            }
        }
    }

    /** {@code basic_auth:} username and password. */
    public record BasicAuth(String username, String password) {
    }

    /** {@code authorization:} a credentials header of a type (Bearer by default). */
    public record Authorization(String type, String credentials) {
        public Authorization {
            type = type == null ? "Bearer" : type;
        }
    }

    /**
     * The {@code global:} section's scrape defaults. Without {@code scrape_protocols}, the
     * protobuf format is asked for first only when native histograms are scraped.
     */
    public record Global(Duration scrapeInterval, Duration scrapeTimeout, List<String> scrapeProtocols, Boolean scrapeNativeHistograms) {
        public Global {
            scrapeInterval = scrapeInterval == null ? Duration.ofMinutes(1) : scrapeInterval;
            scrapeTimeout = scrapeTimeout == null ? Duration.ofSeconds(10) : scrapeTimeout;
            if (scrapeProtocols != null) {
                scrapeProtocols = List.copyOf(scrapeProtocols);
                checkProtocols(scrapeProtocols, "global scrape_protocols");
            }
            scrapeNativeHistograms = scrapeNativeHistograms != null && scrapeNativeHistograms;
        }

        public static Global defaults() {
            return new Global(null, null, null, null);
        }
    }

    Duration interval(Global global) {
        return scrapeInterval != null ? scrapeInterval : global.scrapeInterval();
    }

    Duration timeout(Global global) {
        Duration timeout = scrapeTimeout != null ? scrapeTimeout : global.scrapeTimeout();
        Duration interval = interval(global);
        return timeout.compareTo(interval) > 0 ? interval : timeout;
    }
}

package dev.panoptes.metrics.scrape;

import dev.panoptes.core.sample.StaleNaN;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.scrape.ScrapeCollector.ScrapedSample;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.SampleRejectedException;
import dev.panoptes.metrics.storage.Storage;
import dev.panoptes.wire.exposition.ExpositionFormat;
import dev.panoptes.wire.exposition.ExpositionParseException;
import dev.panoptes.wire.exposition.ExpositionSink;
import dev.panoptes.wire.exposition.ProtobufExpositionParser;
import dev.panoptes.wire.exposition.TextExpositionParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one target: fetches its metrics with content negotiation (text, OpenMetrics or the
 * protobuf format, as its {@link ScrapeProtocols} say), parses them into a {@link ScrapeCollector}
 * (target labels, metric_relabel_configs), applies the limits, stores them with the synthetic series Prometheus adds,
 * and writes staleness markers for series that were there last time and are not now (all of
 * them when the scrape fails or the target goes away).
 *
 * <p>Not thread-safe: one scrape at a time, driven by the {@link ScrapeManager}.
 */
final class ScrapeLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ScrapeLoop.class);

    /** The stale marker: a NaN Prometheus never produces otherwise. */
    static final double STALE = StaleNaN.VALUE;

    private final ScrapeTarget target;
    private final ScrapeConfig config;
    private final Storage storage;
    private final HttpClient client;
    private final Relabeler metricRelabeler;
    /** Series stored by the previous scrape and their references. */
    private Map<Labels, Long> previous = new HashMap<>();
    /** Why the last scrape failed; empty when it succeeded. */
    private volatile String lastError = "";
    /** Whether a zero sample goes in at each series' created timestamp (protobuf format only). */
    private final boolean createdTimestampZeros;
    /** The created timestamp each series had in the previous scrape, when it had one. */
    private Map<Labels, Long> created = new HashMap<>();

    ScrapeLoop(ScrapeTarget target, ScrapeConfig config, Storage storage, HttpClient client) {
        this(target, config, storage, client, false);
    }

    ScrapeLoop(ScrapeTarget target, ScrapeConfig config, Storage storage, HttpClient client, boolean createdTimestampZeros) {
        this.target = target;
        this.config = config;
        this.storage = storage;
        this.client = client;
        this.metricRelabeler = new Relabeler(config.metricRelabelConfigs());
        this.createdTimestampZeros = createdTimestampZeros;
    }

    ScrapeTarget target() {
        return target;
    }

    /** Why the last scrape failed, empty after a successful one (what a targets page shows). */
    String lastError() {
        return lastError;
    }

    /** One scrape at {@code scrapeTime} (ms). */
    void scrape(long scrapeTime) {
        long started = System.nanoTime();
        ScrapeCollector collected = new ScrapeCollector(target.labels(), config.honorLabels(), metricRelabeler);
        String failure = null;
        try {
            fetch(collected);
        } catch (IOException | ExpositionParseException | ScrapeLimitException e) {
            // Some I/O failures carry no message (a channel closed under a TLS handshake the
            // target refused); the scrape failed all the same and must not pass for a success.
            failure = e.getMessage() != null ? e.getMessage() : e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        double duration = (System.nanoTime() - started) / 1e9;
        Appender app = storage.appender();
        Map<Labels, Long> current = new HashMap<>();
        Map<Labels, Long> currentCreated = createdTimestampZeros ? new HashMap<>() : created;
        int added = 0;
        if (failure == null) {
            for (ScrapedSample s : collected.samples) {
                Long ref = previous.get(s.labels());
                if (ref == null && !current.containsKey(s.labels())) {
                    added++;
                }
                long t = config.honorTimestamps() && s.timestampMs() != ExpositionSink.NO_TIMESTAMP ? s.timestampMs() : scrapeTime;
                long r = ref == null ? 0 : ref;
                if (createdTimestampZeros && s.createdMs() != ExpositionSink.NO_TIMESTAMP && s.createdMs() < t) {
                    r = createdZero(app, r, s, currentCreated);
                }
                current.put(s.labels(), append(app, r, s, t));
            }
            for (Map.Entry<String, MetricMetadata> entry : collected.metadata.entrySet()) {
                app.updateMetadata(0, Labels.of(Labels.METRIC_NAME, entry.getKey()), entry.getValue());
            }
        } else {
            LOG.debug("Scrape of {} failed: {}", target.url(), failure);
        }
        lastError = failure == null ? "" : failure;
        for (Map.Entry<Labels, Long> old : previous.entrySet()) {
            if (!current.containsKey(old.getKey())) {
                appendQuietly(app, old.getValue(), old.getKey(), scrapeTime, STALE);
            }
        }
        previous = current;
        created = currentCreated;
        synthetic(app, "up", scrapeTime, failure == null ? 1 : 0);
        synthetic(app, "scrape_duration_seconds", scrapeTime, duration);
        synthetic(app, "scrape_samples_scraped", scrapeTime, failure == null ? collected.exposed : 0);
        synthetic(app, "scrape_samples_post_metric_relabeling", scrapeTime, failure == null ? collected.samples.size() : 0);
        synthetic(app, "scrape_series_added", scrapeTime, added);
        try {
            app.commit();
        } catch (IOException | RuntimeException e) {
            LOG.error("Storing the scrape of {} failed", target.url(), e);
        }
    }

    /**
     * Appends one scraped sample with its exemplars, its created timestamp (when exposed) as its
     * start timestamp; returns the series reference (the old one if refused).
     */
    private static long append(Appender app, long ref, ScrapedSample s, long t) {
        long start = s.createdMs() != ExpositionSink.NO_TIMESTAMP ? s.createdMs() : 0;
        try {
            long newRef = s.isHistogram() ? app.appendHistogram(ref, s.labels(), start, t, s.histogram(), s.floatHistogram())
                    : app.append(ref, s.labels(), start, t, s.value());
            if (s.exemplar() != null) {
                appendExemplar(app, newRef, s.labels(), s.exemplar(), t);
            }
            for (ExpositionSink.ParsedExemplar e : s.exemplars()) {
                appendExemplar(app, newRef, s.labels(), e, t);
            }
            return newRef;
        } catch (SampleRejectedException e) {
            // Counted by the storage; a bad sample does not fail the scrape.
            return ref;
        }
    }

    /**
     * A zero at the series' created timestamp, once per created timestamp (remembered in
     * {@code seen} for the next scrape), so that rate() sees the counter start from zero. Refused
     * (the series already has later samples) it is simply left out.
     */
    private long createdZero(Appender app, long ref, ScrapedSample s, Map<Labels, Long> seen) {
        seen.put(s.labels(), s.createdMs());
        Long last = created.get(s.labels());
        if (last != null && last == s.createdMs()) {
            return ref;
        }
        try {
            if (s.histogram() != null) {
                Histogram zero = new Histogram().schema(s.histogram().schema()).zeroThreshold(s.histogram().zeroThreshold());
                return app.appendHistogram(ref, s.labels(), s.createdMs(), zero, null);
            }
            if (s.floatHistogram() != null) {
                FloatHistogram zero = new FloatHistogram().schema(s.floatHistogram().schema()).zeroThreshold(s.floatHistogram().zeroThreshold());
                return app.appendHistogram(ref, s.labels(), s.createdMs(), null, zero);
            }
            return app.append(ref, s.labels(), s.createdMs(), 0);
        } catch (SampleRejectedException e) {
            return ref;
        }
    }

    private static void appendExemplar(Appender app, long ref, Labels labels, ExpositionSink.ParsedExemplar e, long t)
            throws SampleRejectedException {
        boolean hasTime = e.timestampMs() != ExpositionSink.NO_TIMESTAMP;
        app.appendExemplar(ref, labels, new Exemplar(e.labels(), e.value(), hasTime ? e.timestampMs() : t, hasTime));
    }

    /** Marks every series of the last scrape stale (the target went away). */
    void stop(long time) {
        Appender app = storage.appender();
        for (Map.Entry<Labels, Long> old : previous.entrySet()) {
            appendQuietly(app, old.getValue(), old.getKey(), time, STALE);
        }
        for (String name : List.of("up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
                "scrape_series_added")) {
            synthetic(app, name, time, STALE);
        }
        previous = new HashMap<>();
        try {
            app.commit();
        } catch (IOException | RuntimeException e) {
            LOG.error("Storing staleness markers of {} failed", target.url(), e);
        }
    }

    private void synthetic(Appender app, String name, long t, double value) {
        appendQuietly(app, 0, target.labels().toBuilder().set(Labels.METRIC_NAME, name).build(), t, value);
    }

    private static void appendQuietly(Appender app, long ref, Labels labels, long t, double value) {
        try {
            app.append(ref, labels, t, value);
        } catch (SampleRejectedException e) {
            // Counted by the storage.
        }
    }

    /** Fetches and parses into {@code out}, with the limits checked. */
    private void fetch(ScrapeCollector out) throws IOException, InterruptedException, ExpositionParseException, ScrapeLimitException {
        ScrapeProtocols protocols = target.protocols();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
                .timeout(target.timeout())
                .header("Accept", protocols.acceptHeader())
                .header("Accept-Encoding", "gzip")
                .header("X-Prometheus-Scrape-Timeout-Seconds", String.format(Locale.ROOT, "%.3f", target.timeout().toMillis() / 1000.0))
                .header("User-Agent", "Panoptes");
        if (config.basicAuth() != null) {
            String credentials = config.basicAuth().username() + ":" + (config.basicAuth().password() == null ? "" : config.basicAuth().password());
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else if (config.authorization() != null && config.authorization().credentials() != null) {
            request.header("Authorization", config.authorization().type() + " " + config.authorization().credentials());
        }
        HttpResponse<InputStream> response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream raw = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("server returned HTTP status " + response.statusCode());
            }
            InputStream body = "gzip".equalsIgnoreCase(response.headers().firstValue("Content-Encoding").orElse("")) ? new GZIPInputStream(raw) : raw;
            long limit = config.bodySizeLimit().bytes();
            if (limit > 0) {
                body = new LimitedInputStream(body, limit);
            }
            ScrapeProtocol protocol = protocols.forContentType(response.headers().firstValue("Content-Type").orElse(null));
            if (protocol == ScrapeProtocol.PROMETHEUS_PROTO) {
                byte[] bytes = body.readAllBytes();
                new ProtobufExpositionParser(new ProtobufExpositionParser.Options(protocols.nativeHistograms(), protocols.classicHistograms()), out)
                        .parse(bytes, 0, bytes.length);
            } else {
                ExpositionFormat format = protocol.isOpenMetrics() ? ExpositionFormat.OPENMETRICS : ExpositionFormat.PROMETHEUS_TEXT;
                new TextExpositionParser(format, out).parse(new InputStreamReader(body, StandardCharsets.UTF_8));
            }
            checkLimits(out.samples);
        }
    }

    private void checkLimits(List<ScrapedSample> samples) throws ScrapeLimitException {
        if (config.sampleLimit() > 0 && samples.size() > config.sampleLimit()) {
            throw new ScrapeLimitException("sample_limit exceeded: " + samples.size() + " samples, limit " + config.sampleLimit());
        }
        for (ScrapedSample s : samples) {
            Labels labels = s.labels();
            if (config.labelLimit() > 0 && labels.size() > config.labelLimit()) {
                throw new ScrapeLimitException("label_limit exceeded by " + labels + ": limit " + config.labelLimit());
            }
            for (int i = 0; i < labels.size(); i++) {
                if (config.labelNameLengthLimit() > 0 && labels.name(i).length() > config.labelNameLengthLimit()) {
                    throw new ScrapeLimitException("label_name_length_limit exceeded by '" + labels.name(i) + "'");
                }
                if (config.labelValueLengthLimit() > 0 && labels.value(i).length() > config.labelValueLengthLimit()) {
                    throw new ScrapeLimitException("label_value_length_limit exceeded by the value of '" + labels.name(i) + "'");
                }
            }
        }
    }

    /** Fails reading past {@code limit} bytes (of the decompressed body), for body_size_limit. */
    private static final class LimitedInputStream extends java.io.FilterInputStream {
        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new IOException("body_size_limit exceeded: the body is larger than " + limit + " bytes");
            }
        }
    }

    /** A scrape over one of the configured limits: it fails as a whole, as in Prometheus. */
    static final class ScrapeLimitException extends Exception {
        private static final long serialVersionUID = 1L;

        ScrapeLimitException(String message) {
            super(message);
        }
    }
}

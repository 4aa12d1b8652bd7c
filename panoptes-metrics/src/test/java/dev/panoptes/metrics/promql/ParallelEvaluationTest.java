package dev.panoptes.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.sample.StaleNaN;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.InMemoryStorage;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.Queryable;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.Series;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.core.histogram.Histogram;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Evaluation with the series of selections split between threads answers exactly as on one
 * thread: values, series order, warnings and infos in their order, samples loaded and peak, and
 * the same failures for limits, timeouts and cancellation, which also stop the helpers.
 */
class ParallelEvaluationTest {

    private static final long END = 3_600_000;
    private static final EngineSettings BASE = EngineSettings.defaults().withSplitThreshold(8);
    private static final PromqlEngine SERIAL = new PromqlEngine(BASE.withParallelism(1));
    private static final PromqlEngine PARALLEL = new PromqlEngine(BASE.withParallelism(4));

    private static InMemoryStorage storage;

    /**
     * Counters with resets and gaps ended by staleness markers, gauges under names that do not
     * read as counters (so rates raise infos), classic histogram buckets, and native histograms,
     * one with a float sample mixed in (a warning).
     */
    @BeforeAll
    static void load() throws Exception {
        storage = new InMemoryStorage();
        Random random = new Random(42);
        Appender app = storage.appender();
        for (int s = 0; s < 300; s++) {
            Labels labels = Labels.of("__name__", "requests_total", "instance", String.format(Locale.ROOT, "host-%03d", s),
                    "job", "job-" + (s % 7), "mode", s % 2 == 0 ? "user" : "system");
            double value = 0;
            long offset = random.nextInt(15_000);
            for (long t = offset; t <= END; t += 15_000) {
                if (random.nextInt(200) == 0) {
                    value = 0;
                }
                value += random.nextInt(100);
                if (random.nextInt(150) == 0) {
                    app.append(0, labels, t, StaleNaN.VALUE);
                    t += 15_000L * random.nextInt(30);
                    continue;
                }
                app.append(0, labels, t, value);
            }
        }
        for (int s = 0; s < 40; s++) {
            Labels labels = Labels.of("__name__", "temperature_" + (s % 5), "instance", String.format(Locale.ROOT, "host-%03d", s));
            for (long t = 0; t <= END; t += 30_000) {
                app.append(0, labels, t, 20 + random.nextGaussian());
            }
        }
        double[] les = {0.1, 0.5, 1, 5, Double.POSITIVE_INFINITY};
        for (int s = 0; s < 30; s++) {
            double[] counts = new double[les.length];
            for (long t = 0; t <= END; t += 15_000) {
                double cumulative = 0;
                for (int b = 0; b < les.length; b++) {
                    counts[b] += random.nextInt(5);
                    cumulative = Math.max(cumulative, counts[b]);
                    // Now and then a bucket below a bigger one, which histogram_quantile has to fix.
                    double written = random.nextInt(100) == 0 ? cumulative - 1 : cumulative;
                    app.append(0, Labels.of("__name__", "latency_seconds_bucket", "instance", "host-" + s, "job", "job-" + (s % 3),
                            "le", les[b] == Double.POSITIVE_INFINITY ? "+Inf" : Double.toString(les[b])), t, written);
                }
            }
        }
        for (int s = 0; s < 20; s++) {
            Labels labels = Labels.of("__name__", "native_seconds", "instance", "host-" + s);
            for (int i = 0; i <= 240; i++) {
                long t = i * 15_000L;
                if (s == 3 && i == 100) {
                    app.append(0, labels, t, 1.5);
                    continue;
                }
                FloatHistogram h = new FloatHistogram().schema(0).count(i * 3 + 2).sum(i * 1.5)
                        .positiveSpans(new Span(0, 2)).positiveBuckets(i + 1, 2 * i + 1).zeroCount(0);
                app.appendHistogram(0, labels, t, null, h);
            }
        }
        app.commit();
    }

    private static final List<String> QUERIES = List.of(
            "requests_total",
            "requests_total offset 7m",
            "requests_total @ 1800",
            "rate(requests_total[5m])",
            "increase(requests_total[10m])",
            "irate(requests_total[2m])",
            "resets(requests_total[15m])",
            "sum by (job) (rate(requests_total[5m]))",
            "topk(5, rate(requests_total{instance=~\"host-0.*\"}[5m]))",
            "rate(requests_total{instance=~\"host-1[0-9]+\", mode!=\"user\"}[5m])",
            "max_over_time(rate(requests_total[5m])[30m:1m])",
            "requests_total / on (instance) group_left sum by (instance) (requests_total)",
            "rate(temperature_1[5m])",
            "rate({__name__=~\"temperature_.*\"}[5m])",
            "avg_over_time({__name__=~\"temperature_.*\"}[10m])",
            "deriv(temperature_2[10m])",
            "predict_linear(temperature_3[10m], 600)",
            "double_exponential_smoothing(temperature_4[10m], 0.5, 0.5)",
            "quantile_over_time(0.9, requests_total[10m])",
            "histogram_quantile(0.9, sum by (le, job) (rate(latency_seconds_bucket[5m])))",
            "histogram_quantile(0.5, rate(latency_seconds_bucket[5m]))",
            "rate(native_seconds[5m])",
            "histogram_count(rate(native_seconds[5m]))",
            "sum(rate(native_seconds[5m]))",
            "last_over_time(requests_total[5m])",
            "absent_over_time(requests_total{job=\"job-1\"}[1m])",
            "count_over_time(requests_total[1m] @ 600)",
            "timestamp(requests_total)",
            "rate(requests_total[5m] anchored)",
            "increase(requests_total[5m] smoothed)");

    @Test
    void answersAsOnOneThread() {
        for (String query : QUERIES) {
            assertThat(rendered(PARALLEL.rangeQuery(storage, query, 600_000, END, 60_000)))
                    .as("range %s", query)
                    .isEqualTo(rendered(SERIAL.rangeQuery(storage, query, 600_000, END, 60_000)));
            assertThat(rendered(PARALLEL.instantQuery(storage, query, 2_400_000)))
                    .as("instant %s", query)
                    .isEqualTo(rendered(SERIAL.instantQuery(storage, query, 2_400_000)));
        }
    }

    @Test
    void raisesTheSameAnnotationsInTheSameOrder() {
        String query = "rate({__name__=~\"temperature_.*|native_seconds\"}[5m])";
        QueryResult serial = SERIAL.rangeQuery(storage, query, 600_000, END, 60_000);
        QueryResult parallel = PARALLEL.rangeQuery(storage, query, 600_000, END, 60_000);
        // Five metric names raise an info each, in label order; the mixed series a warning.
        assertThat(serial.infos()).hasSize(5);
        assertThat(serial.warnings()).hasSize(1);
        assertThat(parallel.infos()).containsExactlyElementsOf(serial.infos());
        assertThat(parallel.warnings()).containsExactlyElementsOf(serial.warnings());
        String quantile = "histogram_quantile(0.9, rate(latency_seconds_bucket[5m]))";
        assertThat(PARALLEL.rangeQuery(storage, quantile, 600_000, END, 60_000).infos())
                .containsExactlyElementsOf(SERIAL.rangeQuery(storage, quantile, 600_000, END, 60_000).infos());
    }

    @Test
    void sampleLimitFailsAsOnOneThread() {
        // Below, at and above the samples the query needs, so that both outcomes are compared.
        String query = "sum by (job) (rate(requests_total[10m]))";
        long peak = SERIAL.rangeQuery(storage, query, 600_000, END, 60_000).peakSamples();
        for (long max : new long[] {peak / 10, peak - 1, peak, peak + 1}) {
            PromqlEngine serial = new PromqlEngine(BASE.withParallelism(1).withMaxSamples(max));
            PromqlEngine parallel = new PromqlEngine(BASE.withParallelism(4).withMaxSamples(max));
            for (String q : List.of(query, "requests_total", "rate(requests_total[10m])")) {
                assertThat(outcome(() -> parallel.rangeQuery(storage, q, 600_000, END, 60_000)))
                        .as("%s with at most %d samples", q, max)
                        .isEqualTo(outcome(() -> serial.rangeQuery(storage, q, 600_000, END, 60_000)));
            }
        }
        PromqlEngine tight = new PromqlEngine(BASE.withParallelism(4).withMaxSamples(peak / 10));
        assertThatThrownBy(() -> tight.rangeQuery(storage, query, 600_000, END, 60_000))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.EXECUTION))
                .hasMessage("query processing would load too many samples into memory in query execution");
    }

    @Test
    void seriesLimitFailsAsOnOneThread() {
        for (long max : new long[] {10, 299, 300, 600}) {
            PromqlEngine serial = new PromqlEngine(BASE.withParallelism(1).withMaxSeries(max));
            PromqlEngine parallel = new PromqlEngine(BASE.withParallelism(4).withMaxSeries(max));
            for (String q : List.of("rate(requests_total[5m])", "requests_total", "requests_total / rate(requests_total[5m])")) {
                assertThat(outcome(() -> parallel.instantQuery(storage, q, 2_400_000)))
                        .as("%s with at most %d series", q, max)
                        .isEqualTo(outcome(() -> serial.instantQuery(storage, q, 2_400_000)));
            }
        }
        assertThatThrownBy(() -> new PromqlEngine(BASE.withParallelism(4).withMaxSeries(299))
                .instantQuery(storage, "rate(requests_total[5m])", 2_400_000))
                .hasMessage("the query exceeded the maximum number of series (limit: 299 series)");
    }

    @Test
    void timeoutIsEnforcedInParallel() {
        SlowStorage slow = new SlowStorage(storage, null);
        PromqlEngine hurried = new PromqlEngine(BASE.withParallelism(4).withTimeout(Duration.ofMillis(50)));
        assertThatThrownBy(() -> hurried.rangeQuery(slow, "rate(requests_total[5m])", 600_000, END, 60_000))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.TIMEOUT));
        assertThat(slow.reading.get()).as("series being read once the query failed").isZero();
        assertThat(slow.read.get()).as("series read of 300").isLessThan(300);
    }

    @Test
    void interruptingTheQueryThreadCancelsItAndStopsTheHelpers() throws Exception {
        CountDownLatch started = new CountDownLatch(5);
        SlowStorage slow = new SlowStorage(storage, started);
        slow.pauseMillis = 20;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread query = new Thread(() -> {
            try {
                PARALLEL.rangeQuery(slow, "sum(rate(requests_total[5m]))", 600_000, END, 60_000);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        query.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        int readBefore = slow.read.get();
        query.interrupt();
        query.join();
        assertThat(failure.get()).isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.CANCELED));
        assertThat(slow.reading.get()).as("series being read once the query failed").isZero();
        int read = slow.read.get();
        // The helpers finish the series they are in and start few more, far from the 300 there are
        // (each takes 20 ms; the margin is for a slow machine to deliver the interrupt).
        assertThat(read).as("series read after the interrupt").isLessThan(readBefore + 40);
        // Nothing queued for the query starts later either.
        Thread.sleep(100);
        assertThat(slow.read.get()).isEqualTo(read);
    }

    @Test
    void smallSelectionsStayOnTheQueryThread() {
        SlowStorage watched = new SlowStorage(storage, null);
        watched.pauseMillis = 0;
        // Two series, fewer than the threshold of eight.
        PARALLEL.rangeQuery(watched, "rate(temperature_1{instance=~\"host-00.*\"}[5m])", 600_000, END, 60_000);
        assertThat(watched.readers).containsOnly(Thread.currentThread().getName());
        watched.pauseMillis = 1;
        PARALLEL.rangeQuery(watched, "rate(requests_total[5m])", 600_000, END, 60_000);
        assertThat(watched.readers).anySatisfy(name -> assertThat(name).startsWith("promql-eval-4-"));
    }

    /** What a query answered, as text that compares values, order, annotations and statistics; or how it failed. */
    private static String rendered(QueryResult r) {
        StringBuilder out = new StringBuilder();
        switch (r.value()) {
            case Matrix m -> m.series().forEach(s -> out.append(s.labels()).append(' ').append(Arrays.toString(s.floatTimestamps()))
                    .append(Arrays.toString(s.floats())).append(Arrays.toString(s.histogramTimestamps()))
                    .append(Arrays.toString(s.histograms())).append('\n'));
            case Vector v -> v.samples().forEach(s -> out.append(s).append('\n'));
            default -> out.append(r.value());
        }
        return out.append(r.warnings()).append(r.infos()).append(" loaded ").append(r.samplesLoaded())
                .append(" peak ").append(r.peakSamples()).toString();
    }

    private static String outcome(java.util.function.Supplier<QueryResult> query) {
        try {
            return rendered(query.get());
        } catch (QueryException e) {
            return e.type() + ": " + e.getMessage();
        }
    }

    /**
     * A storage that takes a while over each series it reads, counting series read and being
     * read, and noting the threads that read them.
     */
    private static final class SlowStorage implements Queryable {
        private final Queryable inner;
        private final CountDownLatch started;
        final AtomicInteger read = new AtomicInteger();
        final AtomicInteger reading = new AtomicInteger();
        final java.util.Set<String> readers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile long pauseMillis = 5;

        SlowStorage(Queryable inner, CountDownLatch started) {
            this.inner = inner;
            this.started = started;
        }

        @Override
        public Querier querier(long mint, long maxt) {
            Querier q = inner.querier(mint, maxt);
            return new Querier() {
                @Override
                public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
                    SeriesSet set = q.select(hints, matchers);
                    return new SeriesSet() {
                        @Override
                        public boolean next() {
                            return set.next();
                        }

                        @Override
                        public Series at() {
                            Series s = set.at();
                            return new Series() {
                                @Override
                                public Labels labels() {
                                    return s.labels();
                                }

                                @Override
                                public SampleIterator iterator(SampleIterator reuse) {
                                    return new SlowIterator(s.iterator(null));
                                }
                            };
                        }
                    };
                }

                @Override
                public List<String> labelValues(String name, List<LabelMatcher> matchers, int limit) {
                    return q.labelValues(name, matchers, limit);
                }

                @Override
                public List<String> labelNames(List<LabelMatcher> matchers, int limit) {
                    return q.labelNames(matchers, limit);
                }

                @Override
                public void close() {
                    q.close();
                }
            };
        }

        /** Pauses when a series is first sought, as a slow disk would; counts the seeks under way and done. */
        private final class SlowIterator implements SampleIterator {
            private final SampleIterator it;
            private boolean sought;

            SlowIterator(SampleIterator it) {
                this.it = it;
            }

            @Override
            public ValueType seek(long t) {
                if (sought) {
                    return it.seek(t);
                }
                sought = true;
                reading.incrementAndGet();
                try {
                    readers.add(Thread.currentThread().getName());
                    if (started != null) {
                        started.countDown();
                    }
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return it.seek(t);
                } finally {
                    reading.decrementAndGet();
                    read.incrementAndGet();
                }
            }

            @Override
            public ValueType next() {
                return it.next();
            }

            @Override
            public long atT() {
                return it.atT();
            }

            @Override
            public long atStartTimestamp() {
                return it.atStartTimestamp();
            }

            @Override
            public double atFloat() {
                return it.atFloat();
            }

            @Override
            public Histogram atHistogram(Histogram reuse) {
                return it.atHistogram(reuse);
            }

            @Override
            public FloatHistogram atFloatHistogram(FloatHistogram reuse) {
                return it.atFloatHistogram(reuse);
            }
        }
    }
}

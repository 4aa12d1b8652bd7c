package dev.panoptes.bench;

import dev.panoptes.core.index.MemPostingsIndex;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.head.Head;
import dev.panoptes.metrics.tsdb.head.HeadJournal;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.roaringbitmap.RoaringBitmap;

/**
 * The head's hot paths over a million series (a thousand hosts of a thousand series): appending
 * a scrape to existing series, intersecting postings, and selecting series with their samples.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class HeadBenchmark {

    private static final int HOSTS = 1000;
    private static final int PER_HOST = 1000;

    private Head head;
    private MemPostingsIndex postings;
    private long[] refs;
    private long t;
    private int host;

    private static Labels series(int host, int s) {
        return Labels.of("__name__", "metric_" + (s / 10), "instance", String.format(Locale.ROOT, "host-%04d:9100", host),
                "job", "job-" + (host % 10), "device", "dev" + (s % 10));
    }

    @Setup(Level.Trial)
    public void setup() throws Exception {
        head = new Head(2 * 3600_000L, 0, 0, HeadJournal.NONE);
        postings = new MemPostingsIndex();
        refs = new long[HOSTS * PER_HOST];
        t = 1_795_474_600_000L;
        for (int scrape = 0; scrape < 4; scrape++) {
            for (int h = 0; h < HOSTS; h++) {
                Appender app = head.appender();
                for (int s = 0; s < PER_HOST; s++) {
                    int id = h * PER_HOST + s;
                    refs[id] = app.append(refs[id], series(h, s), t, scrape * s);
                    if (scrape == 0) {
                        postings.add(id, series(h, s));
                    }
                }
                app.commit();
            }
            t += 15_000;
        }
    }

    /** One host's scrape of a thousand existing series, committed; reported per sample. */
    @Benchmark
    @OperationsPerInvocation(PER_HOST)
    public void appendScrape() throws Exception {
        Appender app = head.appender();
        int base = host * PER_HOST;
        for (int s = 0; s < PER_HOST; s++) {
            app.append(refs[base + s], null, t, s);
        }
        app.commit();
        if (++host == HOSTS) {
            host = 0;
            t += 15_000;
        }
    }

    /** {@code job="job-3", __name__="metric_7"}: 100 hosts' series of one metric (1000 ids of 1M). */
    @Benchmark
    public RoaringBitmap postingsIntersection() {
        return postings.select(List.of(LabelMatcher.equal("job", "job-3"), LabelMatcher.equal("__name__", "metric_7")));
    }

    /** {@code __name__="metric_7", instance=~"host-00.*"}: a regex with a literal prefix over 1M series. */
    @Benchmark
    public RoaringBitmap postingsPrefixRegex() {
        return postings.select(List.of(LabelMatcher.equal("__name__", "metric_7"), LabelMatcher.regex("instance", "host-00.*")));
    }

    /** Select a metric of one job over the head and read every sample: 1000 series. */
    @Benchmark
    public long selectAndRead() {
        long sum = 0;
        try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE),
                    List.of(LabelMatcher.equal("__name__", "metric_7"), LabelMatcher.equal("job", "job-3")));
            SampleIterator it = null;
            while (set.next()) {
                it = set.at().iterator(it);
                while (it.next() == ValueType.FLOAT) {
                    sum += it.atT();
                }
            }
        }
        return sum;
    }
}

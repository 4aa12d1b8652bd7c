package dev.panoptes.metrics.api;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.CardinalityStatistics;
import dev.panoptes.metrics.storage.InMemoryStorage;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesDeleter;
import dev.panoptes.metrics.storage.SeriesExemplars;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.Storage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory model with what the API tests need around it: selecting a series named
 * {@code slow} blocks until the selecting thread is interrupted (so that timeouts and
 * disconnects can be observed without timing), fixed cardinality statistics, and recorded
 * deletions.
 */
final class ApiTestStorage implements Storage, CardinalityStatistics, SeriesDeleter {

    final InMemoryStorage data = new InMemoryStorage();
    /** Counted down each time a slow selection starts waiting. */
    volatile CountDownLatch slowStarted = new CountDownLatch(1);
    /** Slow selections that ended because their thread was interrupted. */
    final AtomicInteger interrupted = new AtomicInteger();
    final List<String> deletions = new CopyOnWriteArrayList<>();
    final AtomicInteger cleanings = new AtomicInteger();

    @Override
    public Querier querier(long mint, long maxt) {
        Querier inner = data.querier(mint, maxt);
        return new Querier() {
            @Override
            public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
                if (matchers.contains(LabelMatcher.equal("__name__", "slow"))) {
                    blockUntilInterrupted();
                    return SeriesSet.empty();
                }
                return inner.select(hints, matchers);
            }

            @Override
            public List<String> labelValues(String name, List<LabelMatcher> matchers, int limit) {
                return inner.labelValues(name, matchers, limit);
            }

            @Override
            public List<String> labelNames(List<LabelMatcher> matchers, int limit) {
                return inner.labelNames(matchers, limit);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    private void blockUntilInterrupted() {
        Object never = new Object();
        synchronized (never) {
            slowStarted.countDown();
            try {
                while (true) {
                    never.wait();
                }
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Appender appender() {
        return data.appender();
    }

    @Override
    public List<SeriesExemplars> exemplars(long start, long end, List<List<LabelMatcher>> matcherSets) {
        return data.exemplars(start, end, matcherSets);
    }

    @Override
    public Map<String, List<MetricMetadata>> metadata(String metric, int limit, int limitPerMetric) {
        return data.metadata(metric, limit, limitPerMetric);
    }

    @Override
    public TsdbStatus tsdbStatus(int limit) {
        List<Count> names = List.of(new Count("http_requests_total", 2), new Count("latency", 1));
        return new TsdbStatus(new HeadStats(3, 5, 3, 1_700_000_000_000L, 1_700_000_600_000L),
                names.subList(0, Math.min(limit, names.size())), List.of(new Count("instance", 2)),
                List.of(new Count("__name__", 25)), List.of(new Count("job=api", 2)));
    }

    @Override
    public void deleteSeries(List<LabelMatcher> matchers, long mint, long maxt) {
        deletions.add(matchers + " " + mint + " " + maxt);
    }

    @Override
    public void cleanTombstones() {
        cleanings.incrementAndGet();
    }
}

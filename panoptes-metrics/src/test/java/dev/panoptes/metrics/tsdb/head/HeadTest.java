package dev.panoptes.metrics.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.CardinalityStatistics;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SampleRejectedException;
import dev.panoptes.metrics.storage.SampleRejectedException.Reason;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadTest {

    private static final long HOUR = 3_600_000;
    private final Head head = new Head(2 * HOUR, 0, 100, HeadJournal.NONE);

    private static Labels series(String job, String instance) {
        return Labels.of("__name__", "up", "job", job, "instance", instance);
    }

    @Test
    void committedSamplesAreReadBackAcrossManyChunks() throws Exception {
        Appender app = head.appender();
        long ref = 0;
        for (int i = 0; i < 1000; i++) {
            ref = app.append(ref, series("node", "a"), i * 15_000L, i);
        }
        app.commit();
        List<long[]> samples = read(head.querier(0, Long.MAX_VALUE), LabelMatcher.equal("job", "node"));
        assertThat(samples).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(samples.get(i)).containsExactly(i * 15_000L, i);
        }
    }

    @Test
    void nothingIsVisibleBeforeCommitAndRollbackDropsTheBatch() throws Exception {
        Appender app = head.appender();
        app.append(0, series("node", "a"), 1000, 1);
        assertThat(read(head.querier(0, Long.MAX_VALUE), LabelMatcher.equal("job", "node"))).isEmpty();
        app.rollback();
        app.commit();
        assertThat(read(head.querier(0, Long.MAX_VALUE), LabelMatcher.equal("job", "node"))).isEmpty();
    }

    @Test
    void outOfOrderAndConflictingDuplicatesAreRejectedAloneAndIdenticalRepeatsIgnored() throws Exception {
        Appender app = head.appender();
        app.append(0, series("node", "a"), 2000, 1);
        assertThatThrownBy(() -> app.append(0, series("node", "a"), 1000, 1))
                .isInstanceOfSatisfying(SampleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OUT_OF_ORDER));
        assertThatThrownBy(() -> app.append(0, series("node", "a"), 2000, 2))
                .isInstanceOfSatisfying(SampleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DUPLICATE_TIMESTAMP));
        app.append(0, series("node", "a"), 2000, 1);
        app.append(0, series("node", "b"), 1000, 5);
        app.commit();
        Appender next = head.appender();
        assertThatThrownBy(() -> next.append(0, series("node", "a"), 1500, 1))
                .isInstanceOfSatisfying(SampleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.OUT_OF_ORDER));
        assertThat(read(head.querier(0, Long.MAX_VALUE), LabelMatcher.equal("job", "node")))
                .extracting(s -> s[0]).containsExactly(2000L, 1000L);
    }

    @Test
    void theSeriesLimitRejectsNewSeriesButNotSamplesOfExistingOnes() throws Exception {
        Head limited = new Head(2 * HOUR, 2, 0, HeadJournal.NONE);
        Appender app = limited.appender();
        app.append(0, series("a", "1"), 1000, 1);
        app.append(0, series("a", "2"), 1000, 1);
        assertThatThrownBy(() -> app.append(0, series("a", "3"), 1000, 1))
                .isInstanceOfSatisfying(SampleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SERIES_LIMIT));
        app.append(0, series("a", "1"), 2000, 2);
        app.commit();
        assertThat(limited.numSeries()).isEqualTo(2);
    }

    @Test
    void thePerMetricSeriesLimitRefusesNewSeriesOfThatMetricOnly() throws Exception {
        head.setMaxSeriesPerMetric(2);
        Appender app = head.appender();
        app.append(0, series("a", "1"), 1000, 1);
        app.append(0, series("a", "2"), 1000, 1);
        assertThatThrownBy(() -> app.append(0, series("a", "3"), 1000, 1))
                .isInstanceOfSatisfying(SampleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.METRIC_SERIES_LIMIT));
        app.append(0, Labels.of("__name__", "other", "i", "3"), 1000, 1);
        app.commit();
        assertThat(head.numSeries()).isEqualTo(3);
        assertThat(head.rejected(Reason.METRIC_SERIES_LIMIT)).isEqualTo(1);
    }

    @Test
    void matchersSelectByEqualityNegationAndRegexInLabelOrder() throws Exception {
        Appender app = head.appender();
        for (String job : List.of("api", "db", "node")) {
            for (String instance : List.of("h1", "h2", "h3")) {
                app.append(0, series(job, instance), 1000, 1);
            }
        }
        app.append(0, Labels.of("__name__", "up", "instance", "h9"), 1000, 1);
        app.commit();
        try (Querier q = head.querier(0, 2000)) {
            assertThat(labels(q, LabelMatcher.equal("job", "db"))).containsExactly(
                    "{__name__=\"up\", instance=\"h1\", job=\"db\"}", "{__name__=\"up\", instance=\"h2\", job=\"db\"}", "{__name__=\"up\", instance=\"h3\", job=\"db\"}");
            assertThat(labels(q, LabelMatcher.regex("job", "a.*|n.*"), LabelMatcher.notEqual("instance", "h2"))).containsExactly(
                    "{__name__=\"up\", instance=\"h1\", job=\"api\"}", "{__name__=\"up\", instance=\"h1\", job=\"node\"}",
                    "{__name__=\"up\", instance=\"h3\", job=\"api\"}", "{__name__=\"up\", instance=\"h3\", job=\"node\"}");
            // A matcher that accepts the empty value keeps series without the label.
            assertThat(labels(q, LabelMatcher.equal("job", ""))).containsExactly("{__name__=\"up\", instance=\"h9\"}");
            assertThat(labels(q, LabelMatcher.notRegex("job", "api|db|node"))).containsExactly("{__name__=\"up\", instance=\"h9\"}");
            assertThat(labels(q, LabelMatcher.regex("job", "db|"), LabelMatcher.equal("instance", "h9"))).containsExactly("{__name__=\"up\", instance=\"h9\"}");
            assertThat(q.labelValues("job", List.of(), 0)).containsExactly("api", "db", "node");
            assertThat(q.labelValues("instance", List.of(LabelMatcher.equal("job", "api")), 2)).containsExactly("h1", "h2");
            assertThat(q.labelNames(List.of(LabelMatcher.equal("instance", "h9")), 0)).containsExactly("__name__", "instance");
        }
        try (Querier outside = head.querier(5000, 6000)) {
            assertThat(labels(outside, LabelMatcher.equal("__name__", "up"))).isEmpty();
        }
    }

    @Test
    void aSelectionHoldsTheSeriesWithASampleInRangeNotThoseWhoseChunksOnlySpanIt() throws Exception {
        Appender app = head.appender();
        // gap: one chunk over the range with no sample inside; inside: a sample inside; last: its
        // newest sample inside, later deleted.
        for (long t : new long[] {0, 10_000}) {
            app.append(0, series("node", "gap"), t, 1);
        }
        for (long t : new long[] {0, 5_000, 10_000}) {
            app.append(0, series("node", "inside"), t, 1);
        }
        for (long t : new long[] {0, 5_000}) {
            app.append(0, series("node", "last"), t, 1);
        }
        app.commit();
        try (Querier q = head.querier(4_000, 6_000)) {
            assertThat(labels(q, LabelMatcher.equal("job", "node"))).containsExactly(
                    "{__name__=\"up\", instance=\"inside\", job=\"node\"}", "{__name__=\"up\", instance=\"last\", job=\"node\"}");
        }
        head.deleteSeries(List.of(LabelMatcher.equal("instance", "last")), 4_500, 5_500);
        try (Querier q = head.querier(4_000, 6_000)) {
            assertThat(labels(q, LabelMatcher.equal("job", "node"))).containsExactly("{__name__=\"up\", instance=\"inside\", job=\"node\"}");
        }
    }

    @Test
    void seekSkipsToTheFirstSampleAtOrAfterTheTargetAndNeverBackwards() throws Exception {
        Appender app = head.appender();
        for (int i = 0; i < 500; i++) {
            app.append(0, series("node", "a"), i * 10L, i);
        }
        app.commit();
        try (Querier q = head.querier(100, 4000)) {
            SeriesSet set = q.select(SelectHints.range(100, 4000), List.of(LabelMatcher.equal("job", "node")));
            assertThat(set.next()).isTrue();
            SampleIterator it = set.at().iterator(null);
            assertThat(it.seek(2455)).isEqualTo(ValueType.FLOAT);
            assertThat(it.atT()).isEqualTo(2460);
            assertThat(it.seek(10)).isEqualTo(ValueType.FLOAT);
            assertThat(it.atT()).isEqualTo(2460);
            assertThat(it.next()).isEqualTo(ValueType.FLOAT);
            assertThat(it.atFloat()).isEqualTo(247);
            assertThat(it.seek(4000)).isEqualTo(ValueType.FLOAT);
            assertThat(it.next()).isEqualTo(ValueType.NONE);
            SampleIterator fresh = set.at().iterator(it);
            assertThat(fresh.next()).isEqualTo(ValueType.FLOAT);
            assertThat(fresh.atT()).isEqualTo(100);
        }
    }

    @Test
    void truncationDropsPersistedChunksAndEmptySeries() throws Exception {
        Appender app = head.appender();
        for (int i = 0; i < 3 * 60; i++) {
            app.append(0, series("node", "a"), i * 60_000L, i);
        }
        app.append(0, series("node", "old"), 1000, 1);
        app.commit();
        assertThat(head.truncateBefore(2 * HOUR)).isEqualTo(1);
        assertThat(head.numSeries()).isEqualTo(1);
        assertThat(head.minTime()).isEqualTo(2 * HOUR);
        assertThat(read(head.querier(0, Long.MAX_VALUE), LabelMatcher.equal("job", "node"))).hasSize(60);
        Appender late = head.appender();
        assertThatThrownBy(() -> late.append(0, series("node", "new"), 1000, 1))
                .isInstanceOfSatisfying(SampleRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_OLD));
    }

    @Test
    void cardinalityStatisticsCountSeriesByNameLabelAndPair() throws Exception {
        Appender app = head.appender();
        for (int i = 0; i < 5; i++) {
            app.append(0, series("node", "h" + i), 1000, 1);
        }
        app.append(0, Labels.of("__name__", "scrape_duration_seconds", "job", "node"), 2000, 1);
        app.commit();
        CardinalityStatistics.TsdbStatus status = head.tsdbStatus(2);
        assertThat(status.headStats()).isEqualTo(new CardinalityStatistics.HeadStats(6, 8, 6, 1000, 2000));
        assertThat(status.seriesCountByMetricName()).containsExactly(
                new CardinalityStatistics.Count("up", 5), new CardinalityStatistics.Count("scrape_duration_seconds", 1));
        assertThat(status.labelValueCountByLabelName()).containsExactly(
                new CardinalityStatistics.Count("instance", 5), new CardinalityStatistics.Count("__name__", 2));
        assertThat(status.seriesCountByLabelValuePair()).containsExactly(
                new CardinalityStatistics.Count("job=node", 6), new CardinalityStatistics.Count("__name__=up", 5));
        assertThat(status.memoryInBytesByLabelName()).first().isEqualTo(new CardinalityStatistics.Count("__name__", 25));
    }

    private static List<String> labels(Querier q, LabelMatcher... matchers) {
        SeriesSet set = q.select(SelectHints.range(0, Long.MAX_VALUE), List.of(matchers));
        List<String> result = new ArrayList<>();
        while (set.next()) {
            result.add(set.at().labels().toString());
        }
        return result;
    }

    private static List<long[]> read(Querier q, LabelMatcher... matchers) {
        SeriesSet set = q.select(SelectHints.range(0, Long.MAX_VALUE), List.of(matchers));
        List<long[]> result = new ArrayList<>();
        SampleIterator it = null;
        while (set.next()) {
            it = set.at().iterator(it);
            while (it.next() == ValueType.FLOAT) {
                result.add(new long[] {it.atT(), (long) it.atFloat()});
            }
        }
        q.close();
        return result;
    }
}

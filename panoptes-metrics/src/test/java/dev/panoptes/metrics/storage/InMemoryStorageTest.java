package dev.panoptes.metrics.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model itself must follow the interface's rules, or tests that compare against it prove nothing. */
class InMemoryStorageTest {

    private final InMemoryStorage storage = new InMemoryStorage();
    private final Labels a = Labels.of("__name__", "m", "job", "a");
    private final Labels b = Labels.of("__name__", "m", "job", "b");

    @Test
    void committedSamplesAreSelectedInLabelOrderWithinRange() throws Exception {
        Appender app = storage.appender();
        app.append(0, b, 10, 1);
        app.append(0, a, 10, 2);
        app.append(0, a, 20, 3);
        app.append(0, a, 30, 4);
        app.commit();

        try (Querier q = storage.querier(15, 30)) {
            SeriesSet set = q.select(SelectHints.range(15, 30), List.of(LabelMatcher.equal("__name__", "m")));
            assertThat(set.next()).isTrue();
            assertThat(set.at().labels()).isEqualTo(a);
            SampleIterator it = set.at().iterator(null);
            List<Long> times = new ArrayList<>();
            while (it.next() != ValueType.NONE) {
                times.add(it.atT());
            }
            assertThat(times).containsExactly(20L, 30L);
            assertThat(set.next()).isFalse();
            assertThat(q.labelValues("job", List.of(), 0)).containsExactly("a");
        }
    }

    @Test
    void rejectsOutOfOrderAndDuplicatesButAcceptsIdenticalRepeats() throws Exception {
        Appender app = storage.appender();
        app.append(0, a, 100, 1);
        app.commit();

        Appender next = storage.appender();
        assertThatThrownBy(() -> next.append(0, a, 99, 1)).extracting("reason").isEqualTo(SampleRejectedException.Reason.OUT_OF_ORDER);
        assertThatThrownBy(() -> next.append(0, a, 100, 2)).extracting("reason").isEqualTo(SampleRejectedException.Reason.DUPLICATE_TIMESTAMP);
        next.append(0, a, 100, 1);
        next.append(0, a, 101, 5);
        next.commit();

        assertThat(storage.dump().get(a)).extracting(InMemoryStorage.Sample::t).containsExactly(100L, 101L);
    }

    @Test
    void rollbackDropsTheBatch() throws Exception {
        Appender app = storage.appender();
        app.append(0, a, 1, 1);
        app.rollback();
        app.commit();

        assertThat(storage.dump()).isEmpty();
    }

    @Test
    void seekNeverMovesBackwards() throws Exception {
        Appender app = storage.appender();
        for (int t = 0; t < 10; t++) {
            app.append(0, a, t * 10, t);
        }
        app.commit();
        try (Querier q = storage.querier(0, 1000)) {
            SeriesSet set = q.select(SelectHints.range(0, 1000), List.of(LabelMatcher.equal("job", "a")));
            set.next();
            SampleIterator it = set.at().iterator(null);
            assertThat(it.seek(35)).isEqualTo(ValueType.FLOAT);
            assertThat(it.atT()).isEqualTo(40);
            assertThat(it.seek(10)).isEqualTo(ValueType.FLOAT);
            assertThat(it.atT()).isEqualTo(40);
            assertThat(it.seek(1000)).isEqualTo(ValueType.NONE);
        }
    }
}

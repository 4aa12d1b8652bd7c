package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunk extents, live subscriptions and abandoned reads of {@link TenantLogStore}. */
class LogReaderExtrasTest {

    @TempDir
    Path dir;

    private static LogBatch batch(String app, long... times) {
        LogBatch batch = new LogBatch();
        batch.stream(Labels.of("app", app));
        for (long t : times) {
            batch.entry(t, "line at " + t, Labels.empty());
        }
        return batch;
    }

    private static long lineBytes(long... times) {
        long sum = 0;
        for (long t : times) {
            sum += ("line at " + t).length();
        }
        return sum;
    }

    private TenantLogStore open() throws Exception {
        return TenantLogStore.open(dir, TenantLogStoreTest.settings(1 << 20, 0), TestObjects.in(dir), "logs/t/blocks/");
    }

    @Test
    void extentsCountTheHeadInRangeAndWholeChunksAndSurviveAFlushAndReopen() throws Exception {
        List<LabelMatcher> app = List.of(LabelMatcher.equal("app", "a"));
        try (TenantLogStore store = open()) {
            store.append(batch("a", 10, 20, 30));
            store.cutAll();
            store.append(batch("a", 40, 50));
            store.append(batch("b", 45));
            assertThat(store.chunkExtents(app, 0, 100)).singleElement().satisfies(s -> assertThat(s.chunks()).containsExactly(
                    new LogReader.ChunkExtent(10, 30, 3, lineBytes(10, 20, 30)),
                    new LogReader.ChunkExtent(40, 50, 2, lineBytes(40, 50))));
            // The head counts only its entries in range; a chunk is whole when it overlaps.
            assertThat(store.chunkExtents(app, 25, 45).get(0).chunks()).containsExactly(
                    new LogReader.ChunkExtent(10, 30, 3, lineBytes(10, 20, 30)),
                    new LogReader.ChunkExtent(40, 40, 1, lineBytes(40)));
            assertThat(store.chunkExtents(List.of(LabelMatcher.regex("app", ".+")), 0, 100)).extracting(s -> s.labels().get("app"))
                    .containsExactly("a", "b");
            assertThat(store.flush()).isNotNull();
            assertThat(store.chunkExtents(app, 0, 100).get(0).chunks()).containsExactly(
                    new LogReader.ChunkExtent(10, 30, 3, lineBytes(10, 20, 30)),
                    new LogReader.ChunkExtent(40, 50, 2, lineBytes(40, 50)));
        }
        try (TenantLogStore store = open()) {
            assertThat(store.chunkExtents(app, 0, 100).get(0).chunks()).as("line bytes read back from the block index").containsExactly(
                    new LogReader.ChunkExtent(10, 30, 3, lineBytes(10, 20, 30)),
                    new LogReader.ChunkExtent(40, 50, 2, lineBytes(40, 50)));
        }
    }

    @Test
    void subscribersHearOfEntriesOfTheirStreamsUntilTheyClose() throws Exception {
        try (TenantLogStore store = open()) {
            List<String> heard = new ArrayList<>();
            EntryListener listener = (stream, entries, from, to) -> {
                for (int i = from; i < to; i++) {
                    heard.add(stream.get("app") + "@" + entries.time(i) + " " + entries.line(i));
                }
            };
            store.append(batch("a", 1));
            LogReader.Subscription subscription = store.subscribe(List.of(LabelMatcher.equal("app", "a")), listener);
            assertThat(store.subscriptionCount()).isEqualTo(1);
            LogBatch two = batch("a", 2, 3);
            two.stream(Labels.of("app", "b"));
            two.entry(4, "line at 4", Labels.empty());
            store.append(two);
            assertThat(heard).containsExactly("a@2 line at 2", "a@3 line at 3");
            subscription.close();
            subscription.close();
            store.append(batch("a", 5));
            assertThat(heard).hasSize(2);
            assertThat(store.subscriptionCount()).isZero();
        }
    }

    @Test
    void aFailingSubscriberDoesNotFailThePush() throws Exception {
        try (TenantLogStore store = open()) {
            store.subscribe(List.of(), (stream, entries, from, to) -> {
                throw new IllegalStateException("broken");
            });
            assertThat(store.append(batch("a", 1)).storedEntries()).isEqualTo(1);
            assertThat(store.select(List.of(LabelMatcher.equal("app", "a")), 0, 10)).hasSize(1);
        }
    }

    @Test
    void aReadStopsWhenItsCheckThrows() throws Exception {
        try (TenantLogStore store = open()) {
            store.append(batch("a", 1, 2));
            store.cutAll();
            store.append(batch("a", 3));
            store.cutAll();
            int[] checks = new int[1];
            assertThatThrownBy(() -> store.select(List.of(LabelMatcher.equal("app", "a")), 0, 10, List.of(), () -> {
                if (++checks[0] == 2) {
                    throw new IllegalStateException("stopped");
                }
            })).hasMessage("stopped");
            assertThat(checks[0]).isEqualTo(2);
        }
    }
}

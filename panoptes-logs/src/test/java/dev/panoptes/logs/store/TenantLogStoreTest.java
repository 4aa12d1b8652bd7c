package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.wal.WalOptions;
import dev.panoptes.core.wal.WalSync;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantLogStoreTest {

    @TempDir
    Path dir;

    static LogStoreSettings settings(long chunkBytes, int maxStreams) {
        return new LogStoreSettings(chunkBytes, maxStreams, new WalOptions(WalSync.PERIODIC, Duration.ofSeconds(1), WalOptions.DEFAULT_SEGMENT_BYTES));
    }

    static List<String> lines(LogReader reader, List<LabelMatcher> matchers) {
        List<String> out = new ArrayList<>();
        for (LogReader.StreamEntries s : reader.select(matchers, Long.MIN_VALUE, Long.MAX_VALUE)) {
            for (int i = 0; i < s.entries().size(); i++) {
                out.add(s.labels().get("app") + "@" + s.entries().time(i) + " " + s.entries().line(i));
            }
        }
        return out;
    }

    @Test
    void storesOutOfOrderEntriesAndReturnsThemInTimeOrderAcrossChunks() throws Exception {
        try (TenantLogStore store = TenantLogStore.open(dir, settings(40, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            LogBatch batch = new LogBatch();
            batch.stream(Labels.of("app", "a"));
            long[] times = {50, 10, 30, 20, 40, 5, 60, 15};
            for (long t : times) {
                batch.entry(t, "line " + t + " padded to make chunks cut", Labels.empty());
            }
            assertThat(store.append(batch).storedEntries()).isEqualTo(8);
            assertThat(store.chunkStatistics()[0]).isGreaterThan(1);
            assertThat(lines(store, List.of(LabelMatcher.equal("app", "a"))))
                    .extracting(s -> s.split(" ")[0])
                    .containsExactly("a@5", "a@10", "a@15", "a@20", "a@30", "a@40", "a@50", "a@60");
            LogReader.StreamEntries range = store.select(List.of(LabelMatcher.equal("app", "a")), 15, 40).get(0);
            assertThat(range.entries().size()).isEqualTo(4);
        }
    }

    @Test
    void aResentBatchIsStoredOnceAsLokiStoresIt() throws Exception {
        LogBatch batch = new LogBatch();
        batch.stream(Labels.of("app", "a"));
        for (long t = 1; t <= 50; t++) {
            batch.entry(t, "line " + (t % 7), Labels.of("level", "info"));
        }
        batch.entry(50, "line 1", Labels.of("level", "info"));
        try (TenantLogStore store = TenantLogStore.open(dir, settings(1 << 20, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            store.append(batch);
            assertThat(lines(store, List.of())).as("the same time, line and metadata twice in one push: once").hasSize(50);
            store.append(batch);
            store.append(batch);
            LogBatch near = new LogBatch();
            near.stream(Labels.of("app", "a"));
            near.entry(7, "line 0", Labels.of("level", "warn"));
            near.entry(7, "line 0 ", Labels.of("level", "info"));
            near.entry(8, "line 0", Labels.of("level", "info"));
            store.append(near);
            List<String> stored = lines(store, List.of());
            assertThat(stored).as("re-sent entries dropped; a different line, time or metadata kept").hasSize(53);
            assertThat(stored).filteredOn(l -> l.equals("a@7 line 0")).hasSize(2);
        }
        try (TenantLogStore store = TenantLogStore.open(dir, settings(1 << 20, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            assertThat(lines(store, List.of())).as("after the log is replayed").hasSize(53);
            store.flush();
            LogBatch last = new LogBatch();
            last.stream(Labels.of("app", "a"));
            last.entry(8, "line 0", Labels.of("level", "info"));
            store.append(last);
            assertThat(lines(store, List.of())).as("the last entry, even after its chunk went to a block").hasSize(53);
        }
    }

    @Test
    void selectsStreamsByMatchersAndListsLabels() throws Exception {
        try (TenantLogStore store = TenantLogStore.open(dir, settings(1 << 20, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            LogBatch batch = new LogBatch();
            batch.stream(Labels.of("app", "api", "env", "prod"));
            batch.entry(100, "a", Labels.empty());
            batch.stream(Labels.of("app", "web", "env", "dev"));
            batch.entry(200, "b", Labels.empty());
            store.append(batch);
            assertThat(lines(store, List.of(LabelMatcher.regex("app", "a.*")))).containsExactly("api@100 a");
            assertThat(store.labelNames(List.of(), 0, 1000)).containsExactly("app", "env");
            assertThat(store.labelValues("app", List.of(), 0, 1000)).containsExactly("api", "web");
            assertThat(store.labelValues("app", List.of(), 150, 1000)).containsExactly("web");
            assertThat(store.series(List.of(LabelMatcher.equal("env", "dev")), 0, 1000)).containsExactly(Labels.of("app", "web", "env", "dev"));
        }
    }

    @Test
    void refusesNewStreamsBeyondTheLimitAndKeepsTheOthers() throws Exception {
        try (TenantLogStore store = TenantLogStore.open(dir, settings(1 << 20, 2), TestObjects.in(dir), "logs/t/blocks/")) {
            LogBatch batch = new LogBatch();
            for (String app : List.of("a", "b", "c")) {
                batch.stream(Labels.of("app", app));
                batch.entry(1, "x", Labels.empty());
            }
            AppendResult result = store.append(batch);
            assertThat(result.storedEntries()).isEqualTo(2);
            assertThat(result.streamsOverLimit()).containsExactly(Labels.of("app", "c"));
            assertThat(store.streamCount()).isEqualTo(2);
        }
    }

    @Test
    void replaysEverythingAfterReopening() throws Exception {
        try (TenantLogStore store = TenantLogStore.open(dir, settings(64, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            for (int i = 0; i < 50; i++) {
                LogBatch batch = new LogBatch();
                batch.stream(Labels.of("app", "s" + (i % 3)));
                batch.entry(1000 - i, "entry " + i, i % 2 == 0 ? Labels.of("user", "u" + i) : Labels.empty());
                store.append(batch);
            }
        }
        try (TenantLogStore store = TenantLogStore.open(dir, settings(64, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            assertThat(store.replayDropped()).isZero();
            assertThat(store.streamCount()).isEqualTo(3);
            List<String> all = lines(store, List.of());
            assertThat(all).hasSize(50).contains("s0@1000 entry 0", "s1@951 entry 49");
            LogReader.StreamEntries s0 = store.select(List.of(LabelMatcher.equal("app", "s0")), 1000, 1000).get(0);
            assertThat(s0.entries().metadata(0)).isEqualTo(Labels.of("user", "u0"));
        }
    }

    static int countLines(TenantLogStore store, String line) {
        int n = 0;
        for (String l : lines(store, List.of())) {
            n += l.endsWith(" " + line) ? 1 : 0;
        }
        return n;
    }

    static void appendEntries(TenantLogStore store, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            LogBatch batch = new LogBatch();
            batch.stream(Labels.of("app", "s" + (i % 3)));
            batch.entry(i % 2 == 0 ? 10_000 - i : 10_000 + i, "entry " + i, Labels.empty());
            store.append(batch);
        }
    }

    @Test
    void flushedChunksAreReadFromTheirBlockOnceAfterReopening() throws Exception {
        String id;
        try (TenantLogStore store = TenantLogStore.open(dir, settings(64, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            appendEntries(store, 0, 60);
            id = store.flush();
            assertThat(id).isNotNull();
            assertThat(store.chunkStatistics()[0]).as("chunks left in memory").isZero();
            assertThat(TestObjects.in(dir).list("logs/t/blocks/" + id + "/")).extracting(o -> o.key().substring(o.key().lastIndexOf('/') + 1))
                    .containsExactly("blooms", "chunks", "index", "meta.json");
            assertThat(lines(store, List.of())).hasSize(60);
            appendEntries(store, 60, 80);
            assertThat(store.flush()).isNotNull().isNotEqualTo(id);
            appendEntries(store, 80, 90);
        }
        try (TenantLogStore store = TenantLogStore.open(dir, settings(64, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            assertThat(store.replayDropped()).isZero();
            List<String> all = lines(store, List.of());
            assertThat(all).hasSize(90);
            for (int i = 0; i < 90; i++) {
                assertThat(countLines(store, "entry " + i)).as("entry %d", i).isEqualTo(1);
            }
            LogReader.StreamEntries s0 = store.select(List.of(LabelMatcher.equal("app", "s0")), 0, Long.MAX_VALUE).get(0);
            for (int i = 1; i < s0.entries().size(); i++) {
                assertThat(s0.entries().time(i)).isGreaterThanOrEqualTo(s0.entries().time(i - 1));
            }
        }
    }

    @Test
    void aFlushInterruptedBeforeFoldingTheLogIsFinishedAtOpenWithoutDuplicates() throws Exception {
        Path saved = dir.resolve("saved-wal");
        try (TenantLogStore store = TenantLogStore.open(dir, settings(64, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            appendEntries(store, 0, 30);
            copy(dir.resolve("wal"), saved);
            assertThat(store.flush()).isNotNull();
        }
        // The state a crash right after meta.json leaves: the block is complete, the log not folded.
        deleteTree(dir.resolve("wal"));
        copy(saved, dir.resolve("wal"));
        try (TenantLogStore store = TenantLogStore.open(dir, settings(64, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            assertThat(lines(store, List.of())).hasSize(30);
            for (int i = 0; i < 30; i++) {
                assertThat(countLines(store, "entry " + i)).as("entry %d", i).isEqualTo(1);
            }
        }
    }

    @Test
    void objectsOfABlockWithoutMetaAreDeletedAtOpen() throws Exception {
        dev.panoptes.core.objstore.ObjectStore objects = TestObjects.in(dir);
        objects.put("logs/t/blocks/0000000000001-00000000/chunks", new byte[] {1, 2, 3});
        try (TenantLogStore store = TenantLogStore.open(dir, settings(64, 0), objects, "logs/t/blocks/")) {
            assertThat(objects.list("logs/t/blocks/")).isEmpty();
            assertThat(store.streamCount()).isZero();
        }
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                java.nio.file.Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root)) {
            List<Path> all = files.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path f : all) {
                java.nio.file.Files.delete(f);
            }
        }
    }

    @Test
    void aNeedleQueryFetchesOnlyTheChunksWhoseBloomAdmitsIt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger rangeReads = new java.util.concurrent.atomic.AtomicInteger();
        dev.panoptes.core.objstore.ObjectStore local = TestObjects.in(dir);
        dev.panoptes.core.objstore.ObjectStore counting = (dev.panoptes.core.objstore.ObjectStore) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.panoptes.core.objstore.ObjectStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getRange")) {
                        rangeReads.incrementAndGet();
                    }
                    try {
                        return method.invoke(local, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (TenantLogStore store = TenantLogStore.open(dir, settings(2000, 0), counting, "logs/t/blocks/")) {
            for (int i = 0; i < 400; i++) {
                LogBatch batch = new LogBatch();
                batch.stream(Labels.of("app", "shop"));
                batch.entry(i, "order " + String.format("%08x", i * 2654435761L) + " paid by user" + i, Labels.empty());
                store.append(batch);
            }
            assertThat(store.chunkStatistics()[0]).as("chunks cut at 2000 bytes of lines").isGreaterThan(5);
            store.flush();
            List<LabelMatcher> shop = List.of(LabelMatcher.equal("app", "shop"));
            String needle = String.format("%08x", 123 * 2654435761L);
            rangeReads.set(0);
            List<LogReader.StreamEntries> found = store.select(shop, 0, Long.MAX_VALUE, List.of(List.of(needle)));
            int total = 0;
            int matching = 0;
            for (LogReader.StreamEntries s : found) {
                for (int i = 0; i < s.entries().size(); i++) {
                    total++;
                    matching += s.entries().line(i).contains(needle) ? 1 : 0;
                }
            }
            assertThat(matching).isEqualTo(1);
            assertThat(rangeReads.get()).as("chunks fetched for the needle").isEqualTo(1);
            assertThat(total).as("entries read: one chunk's").isLessThan(400);
            rangeReads.set(0);
            assertThat(store.select(shop, 0, Long.MAX_VALUE).get(0).entries().size()).isEqualTo(400);
            assertThat(rangeReads.get()).as("every chunk without a filter").isGreaterThan(1);
        }
    }
}

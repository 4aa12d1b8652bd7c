package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectInfo;
import dev.panoptes.core.objstore.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction merges blocks without changing any answer, and deletes what it replaced only when no scan reads it. */
class LogCompactionTest {

    static final long HOUR = 3600_000_000_000L;
    static final long T0 = 1_700_000_000_000_000_000L / (24 * HOUR) * (24 * HOUR);
    static final String PREFIX = "logs/t/blocks/";

    @TempDir
    Path dir;

    static List<ScanRequest> queries() {
        List<ScanRequest> queries = new ArrayList<>();
        for (List<LineCondition> conditions : List.of(List.<LineCondition>of(), List.of(LineCondition.contains("status=500")),
                List.of(new LineCondition(LineCondition.Op.NOT_CONTAINS, List.of("GET"))))) {
            for (boolean backward : new boolean[] {false, true}) {
                queries.add(new ScanRequest(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, conditions, backward));
                queries.add(new ScanRequest(List.of(LabelMatcher.equal("app", "b")), T0 + 3 * HOUR, T0 + 20 * HOUR, conditions, backward));
            }
        }
        return queries;
    }

    /**
     * Every query's answer, entries of one stream with equal timestamps sorted by line: their
     * order follows the order of their blocks, which a merge changes.
     */
    static List<List<String>> answers(LogReader reader) {
        List<List<String>> out = new ArrayList<>();
        for (ScanRequest q : queries()) {
            List<String> answer = StreamScanTest.scanned(reader, q);
            int start = 0;
            for (int i = 1; i <= answer.size(); i++) {
                if (i == answer.size() || !key(answer.get(i)).equals(key(answer.get(start)))) {
                    answer.subList(start, i).sort(null);
                    start = i;
                }
            }
            out.add(answer);
        }
        return out;
    }

    private static String key(String entry) {
        return entry.substring(0, entry.indexOf(' '));
    }

    /** Pushes 30 hours of entries in 3 streams, flushing every 45 minutes of data: about 40 small blocks. */
    static void fill(TenantLogStore store, Random random) throws Exception {
        for (int round = 0; round < 40; round++) {
            LogBatch batch = new LogBatch();
            for (String app : List.of("a", "b", "c")) {
                batch.stream(Labels.of("app", app));
                for (int i = 0; i < 30; i++) {
                    long t = T0 + round * 45 * 60_000_000_000L + i * 90_000_000_000L - (random.nextInt(8) == 0 ? random.nextInt(20) * 60_000_000_000L : 0);
                    batch.entry(t, StreamScanTest.line(random), Labels.empty());
                }
            }
            store.append(batch);
            store.flush();
        }
    }

    static TreeSet<String> storedBlocks(ObjectStore objects) throws Exception {
        TreeSet<String> ids = new TreeSet<>();
        for (ObjectInfo info : objects.list(PREFIX)) {
            String rest = info.key().substring(PREFIX.length());
            ids.add(rest.substring(0, rest.indexOf('/')));
        }
        return ids;
    }

    @Test
    void mergedBlocksAnswerEveryQueryAsTheSmallBlocksDidAlsoAfterARestart() throws Exception {
        ObjectStore objects = TestObjects.in(dir);
        List<List<String>> before;
        int blocksBefore;
        try (TenantLogStore store = TenantLogStore.open(dir, TenantLogStoreTest.settings(4000, 0), objects, PREFIX)) {
            fill(store, new Random(7));
            before = answers(store);
            blocksBefore = store.blockIds().size();
            assertThat(store.compactBlocks(System.currentTimeMillis())).isGreaterThan(0);
            assertThat(store.blockIds().size()).isLessThan(blocksBefore / 3);
            assertThat(storedBlocks(objects)).as("replaced blocks are deleted").isEqualTo(new TreeSet<>(store.blockIds()));
            assertThat(answers(store)).isEqualTo(before);
        }
        try (TenantLogStore store = TenantLogStore.open(dir, TenantLogStoreTest.settings(4000, 0), objects, PREFIX)) {
            assertThat(answers(store)).isEqualTo(before);
        }
    }

    @Test
    void mergingKeepsAStreamsChunksApartInTimeWhenEachFlushLeftAPartialChunk() throws Exception {
        ObjectStore objects = TestObjects.in(dir);
        Random random = new Random(3);
        try (TenantLogStore store = TenantLogStore.open(dir, TenantLogStoreTest.settings(1000, 0), objects, PREFIX)) {
            for (int round = 0; round < 40; round++) {
                LogBatch batch = new LogBatch();
                batch.stream(Labels.of("app", "a"));
                for (int i = 0; i < 40; i++) {
                    // In time order: each flush cuts full chunks and one partial one.
                    batch.entry(T0 + round * 45 * 60_000_000_000L + i * 30_000_000_000L, StreamScanTest.line(random), Labels.empty());
                }
                store.append(batch);
                store.flush();
            }
            List<List<String>> before = answers(store);
            assertThat(store.compactBlocks(System.currentTimeMillis())).isGreaterThan(0);
            assertThat(answers(store)).isEqualTo(before);
            List<LogReader.ChunkExtent> chunks = new ArrayList<>(store.chunkExtents(List.of(), Long.MIN_VALUE, Long.MAX_VALUE).get(0).chunks());
            chunks.sort((x, y) -> Long.compare(x.minTime(), y.minTime()));
            assertThat(chunks.size()).isGreaterThan(40);
            for (int i = 1; i < chunks.size(); i++) {
                assertThat(chunks.get(i).minTime()).as("chunk %d starts after chunk %d ends", i, i - 1).isGreaterThan(chunks.get(i - 1).maxTime());
            }
        }
    }

    @Test
    void aReplacedBlockStaysUntilTheScanReadingItCloses() throws Exception {
        ObjectStore objects = TestObjects.in(dir);
        try (TenantLogStore store = TenantLogStore.open(dir, TenantLogStoreTest.settings(4000, 0), objects, PREFIX)) {
            fill(store, new Random(8));
            TreeSet<String> original = new TreeSet<>(store.blockIds());
            List<String> expected = StreamScanTest.scanned(store, queries().get(0));
            List<String> read = new ArrayList<>();
            try (StreamScan scan = store.scan(queries().get(0))) {
                assertThat(store.compactBlocks(System.currentTimeMillis())).isGreaterThan(0);
                assertThat(storedBlocks(objects)).containsAll(original);
                for (StreamCursor c : scan.streams()) {
                    while (c.next()) {
                        read.add(c.labels().get("app") + "@" + c.time() + " " + c.line());
                    }
                }
            }
            assertThat(read).isEqualTo(expected);
            TreeSet<String> replaced = new TreeSet<>(original);
            replaced.removeAll(store.blockIds());
            assertThat(replaced).isNotEmpty();
            assertThat(storedBlocks(objects)).doesNotContainAnyElementsOf(replaced).isEqualTo(new TreeSet<>(store.blockIds()));
        }
    }

    @Test
    void aMergeInterruptedBeforeDeletingItsSourcesIsFinishedAtOpen() throws Exception {
        ObjectStore objects = TestObjects.in(dir);
        List<List<String>> before;
        String merged;
        try (TenantLogStore store = TenantLogStore.open(dir, TenantLogStoreTest.settings(4000, 0), objects, PREFIX)) {
            fill(store, new Random(9));
            before = answers(store);
        }
        // As a crash would leave it: the merged block stored, its sources still there.
        LogBlockStore blocks = new LogBlockStore(objects, PREFIX, dir.resolve("staging"));
        List<LogBlock> sources = new ArrayList<>();
        for (LogBlockMeta meta : blocks.completeBlocks().values()) {
            sources.add(blocks.open(meta));
        }
        merged = LogCompactor.rewrite(blocks, sources.subList(0, 5), 4000, labels -> LogCompactor.StreamRewrite.KEEP_ALL).meta().id();
        java.nio.file.Files.writeString(dir.resolve("staging").resolve("1700000000000-00000042.chunks"), "a write cut short");
        try (TenantLogStore store = TenantLogStore.open(dir, TenantLogStoreTest.settings(4000, 0), objects, PREFIX)) {
            assertThat(dir.resolve("staging")).isEmptyDirectory();
            assertThat(store.blockIds()).contains(merged).hasSize(sources.size() - 4);
            assertThat(answers(store)).isEqualTo(before);
        }
    }
}

package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans checked against a plain model: every entry kept in a list, filtered and sorted by brute force. */
class StreamScanTest {

    @TempDir
    Path dir;

    record Entry(String stream, long time, int seq, String line) {
    }

    static final String[] WORDS = {"GET", "POST", "/api/orders", "/api/pay", "status=200", "status=500", "user42", "é☃", "order-47112",
        "timeout", "took=12ms", "ERROR", "info"};

    static String line(Random random) {
        StringBuilder b = new StringBuilder();
        int words = 2 + random.nextInt(5);
        for (int i = 0; i < words; i++) {
            b.append(i > 0 ? " " : "").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return b.toString();
    }

    static List<String> scanned(LogReader reader, ScanRequest request) {
        List<String> out = new ArrayList<>();
        try (StreamScan scan = reader.scan(request)) {
            for (StreamCursor c : scan.streams()) {
                while (c.next()) {
                    out.add(c.labels().get("app") + "@" + c.time() + " " + c.line());
                }
            }
        }
        return out;
    }

    static boolean passes(String line, List<LineCondition> conditions) {
        for (LineCondition c : conditions) {
            boolean any = false;
            for (String v : c.values()) {
                any |= c.op().isRegex() ? com.google.re2j.Pattern.compile(v).matcher(line).find() : line.contains(v);
            }
            if (any == c.op().isNegative()) {
                return false;
            }
        }
        return true;
    }

    static List<String> expected(List<Entry> model, String app, long from, long to, List<LineCondition> conditions, boolean backward) {
        List<Entry> kept = new ArrayList<>();
        for (Entry e : model) {
            if ((app == null || e.stream().equals(app)) && e.time() >= from && e.time() <= to && passes(e.line(), conditions)) {
                kept.add(e);
            }
        }
        kept.sort((a, b) -> a.stream().equals(b.stream())
                ? (a.time() != b.time() ? Long.compare(a.time(), b.time()) : Integer.compare(a.seq(), b.seq()))
                : a.stream().compareTo(b.stream()));
        List<String> out = new ArrayList<>();
        String current = null;
        List<String> block = new ArrayList<>();
        for (Entry e : kept) {
            if (!e.stream().equals(current)) {
                flushBlock(out, block, backward);
                current = e.stream();
            }
            block.add(e.stream() + "@" + e.time() + " " + e.line());
        }
        flushBlock(out, block, backward);
        return out;
    }

    private static void flushBlock(List<String> out, List<String> block, boolean backward) {
        if (backward) {
            java.util.Collections.reverse(block);
        }
        out.addAll(block);
        block.clear();
    }

    static List<String> sortedByStream(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        // Streams come back in index order; compare stream by stream.
        copy.sort((a, b) -> a.substring(0, a.indexOf('@')).compareTo(b.substring(0, b.indexOf('@'))));
        return copy;
    }

    @Test
    void scansMatchTheModelAcrossBlocksChunksAndHeadsInBothDirections() throws Exception {
        Random random = new Random(11);
        List<Entry> model = new ArrayList<>();
        try (TenantLogStore store = TenantLogStore.open(dir, TenantLogStoreTest.settings(600, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            int seq = 0;
            for (int round = 0; round < 12; round++) {
                LogBatch batch = new LogBatch();
                for (String app : List.of("a", "b", "c")) {
                    batch.stream(Labels.of("app", app));
                    for (int i = 0; i < 25; i++) {
                        // Mostly increasing times with some entries from the past and some equal.
                        long t = round * 1000L + i * 10 - (random.nextInt(6) == 0 ? random.nextInt(3000) : 0);
                        String line = line(random);
                        batch.entry(t, line, Labels.empty());
                        model.add(new Entry(app, t, seq++, line));
                    }
                }
                store.append(batch);
                if (round % 4 == 3) {
                    store.flush();
                }
            }
            List<List<LineCondition>> queries = List.of(
                    List.of(),
                    List.of(LineCondition.contains("status=500")),
                    List.of(LineCondition.contains("order-47112", "timeout"), new LineCondition(LineCondition.Op.NOT_CONTAINS, List.of("POST"))),
                    List.of(new LineCondition(LineCondition.Op.MATCHES, List.of("user4[0-9] .*ERROR"))),
                    List.of(LineCondition.contains("é☃"), new LineCondition(LineCondition.Op.NOT_MATCHES, List.of("^GET"))),
                    // Regexes searched on the stored bytes, one left to RE2/J, one on non-ASCII text.
                    List.of(new LineCondition(LineCondition.Op.MATCHES, List.of("(?i)error", "status=(?:4|5)\\d\\d$"))),
                    List.of(new LineCondition(LineCondition.Op.NOT_MATCHES, List.of("é.\\b", "user[0-3]\\d"))),
                    List.of(LineCondition.contains("order"), new LineCondition(LineCondition.Op.MATCHES, List.of("\\bPOST\\b.*?[☃x]"))),
                    // Regexes first looked for by the strings every match holds: one those strings
                    // decide, negated, and one whose strings only narrow the lines it runs on.
                    List.of(new LineCondition(LineCondition.Op.NOT_MATCHES, List.of("(?i)timeout|err(or|no)"))),
                    List.of(new LineCondition(LineCondition.Op.MATCHES, List.of("(?i)order-4711[0-9]|post /api", "never-\\d+"))),
                    List.of(LineCondition.contains("never-there")));
            for (List<LineCondition> conditions : queries) {
                for (boolean backward : new boolean[] {false, true}) {
                    for (long[] range : new long[][] {{Long.MIN_VALUE, Long.MAX_VALUE}, {2500, 7777}, {-400, 30}}) {
                        List<String> got = scanned(store, new ScanRequest(List.of(), range[0], range[1], conditions, backward));
                        assertThat(sortedByStream(got)).as("%s backward=%s %d..%d", conditions, backward, range[0], range[1])
                                .isEqualTo(expected(model, null, range[0], range[1], conditions, backward));
                    }
                }
            }
            List<String> onlyB = scanned(store, new ScanRequest(List.of(LabelMatcher.equal("app", "b")), 0, 5000, List.of(), false));
            assertThat(onlyB).isEqualTo(expected(model, "b", 0, 5000, List.of(), false));
        }
    }

    @Test
    void aNeedleQuerySkipsChunksByBloomWithoutFetchingThem() throws Exception {
        try (TenantLogStore store = TenantLogStore.open(dir, TenantLogStoreTest.settings(2000, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            LogBatch batch = new LogBatch();
            batch.stream(Labels.of("app", "shop"));
            for (int i = 0; i < 2000; i++) {
                String id = i == 1234 ? "c0ffee15dead" : Integer.toHexString(0x100000 + i * 7919);
                batch.entry(i, "INFO order " + id + " paid by user" + (i % 97), Labels.empty());
            }
            store.append(batch);
            store.flush();
            try (StreamScan scan = store.scan(new ScanRequest(List.of(), 0, 10_000, List.of(LineCondition.contains("c0ffee15dead")), false))) {
                assertFindsOnlyTheNeedle(scan);
                ScanStatistics stats = scan.statistics();
                assertThat(stats.chunksSkippedByBloom()).isGreaterThan(10);
                assertThat(stats.chunksDecoded()).isLessThan(4);
                assertThat(stats.bytesFetched()).as("a few chunks of about 500 bytes").isLessThan(2_000);
            }
            // A regex needle: every match holds "c0ffee1", which the blooms answer for.
            LineCondition regex = new LineCondition(LineCondition.Op.MATCHES, List.of("order c0ffee1[0-9]d(?:ead|ace)"));
            try (StreamScan scan = store.scan(new ScanRequest(List.of(), 0, 10_000, List.of(regex), false))) {
                assertFindsOnlyTheNeedle(scan);
                assertThat(scan.statistics().chunksSkippedByBloom()).isGreaterThan(10);
                assertThat(scan.statistics().chunksDecoded()).isLessThan(4);
            }
            // Case folded: the blooms are asked for every case of the n-grams' letters.
            LineCondition folded = new LineCondition(LineCondition.Op.MATCHES, List.of("(?i)C0FFEE15DEAD"));
            try (StreamScan scan = store.scan(new ScanRequest(List.of(), 0, 10_000, List.of(folded), false))) {
                assertFindsOnlyTheNeedle(scan);
                assertThat(scan.statistics().chunksSkippedByBloom()).as("most of the 32 chunks").isGreaterThan(16);
            }
        }
    }

    @Test
    void aLabelEqualitySkipsChunksWhoseMetadataLacksTheValueUnlessTheStreamHasTheLabel() throws Exception {
        try (TenantLogStore store = TenantLogStore.open(dir, TenantLogStoreTest.settings(2000, 0), TestObjects.in(dir), "logs/t/blocks/")) {
            LogBatch batch = new LogBatch();
            batch.stream(Labels.of("app", "shop"));
            for (int i = 0; i < 2000; i++) {
                batch.entry(i, "INFO order paid by user" + (i % 97), Labels.of("trace_id", Integer.toHexString(0x5a000000 + i * 7919)));
            }
            batch.stream(Labels.of("app", "legacy", "trace_id", "0badcafe"));
            for (int i = 0; i < 200; i++) {
                batch.entry(i, "INFO legacy line " + i, Labels.empty());
            }
            store.append(batch);
            store.flush();
            String wanted = Integer.toHexString(0x5a000000 + 1234 * 7919);
            ScanRequest request = new ScanRequest(List.of(LabelMatcher.equal("app", "shop")), 0, 10_000, List.of(), false, ReadCheck.NONE,
                    List.of(LabelMatcher.equal("trace_id", wanted)));
            try (StreamScan scan = store.scan(request)) {
                StreamCursor cursor = scan.streams().get(0);
                boolean found = false;
                while (cursor.next()) {
                    found |= cursor.metadata().get("trace_id").equals(wanted) && cursor.time() == 1234;
                }
                assertThat(found).as("the chunk holding the entry is read").isTrue();
                assertThat(scan.statistics().chunksSkippedByBloom()).isGreaterThan(10);
                assertThat(scan.statistics().chunksDecoded()).isLessThan(4);
            }
            // The legacy stream has trace_id as a stream label: its chunks are not the metadata's to rule out.
            ScanRequest legacy = new ScanRequest(List.of(LabelMatcher.equal("app", "legacy")), 0, 10_000, List.of(), false, ReadCheck.NONE,
                    List.of(LabelMatcher.equal("trace_id", "0badcafe")));
            try (StreamScan scan = store.scan(legacy)) {
                StreamCursor cursor = scan.streams().get(0);
                int read = 0;
                while (cursor.next()) {
                    read++;
                }
                assertThat(read).isEqualTo(200);
                assertThat(scan.statistics().chunksSkippedByBloom()).isZero();
            }
        }
    }

    /** The scan's one stream yields exactly the entry at time 1234, which holds the needle. */
    private static void assertFindsOnlyTheNeedle(StreamScan scan) {
        StreamCursor cursor = scan.streams().get(0);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.time()).isEqualTo(1234);
        assertThat(cursor.next()).isFalse();
    }
}

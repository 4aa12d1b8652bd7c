package dev.panoptes.bench;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import dev.panoptes.core.objstore.ObjectInfo;
import dev.panoptes.core.objstore.ObjectStore;
import dev.panoptes.core.wal.WalOptions;
import dev.panoptes.core.wal.WalSync;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.ingest.LevelDiscovery;
import dev.panoptes.logs.logql.Direction;
import dev.panoptes.logs.logql.MetricExpr;
import dev.panoptes.logs.logql.MetricQueryEngine;
import dev.panoptes.logs.logql.MetricResult;
import dev.panoptes.logs.logql.LogQLParseException;
import dev.panoptes.logs.logql.LogQLParser;
import dev.panoptes.logs.logql.LogQueryEngine;
import dev.panoptes.logs.logql.LogSelectorExpr;
import dev.panoptes.logs.logql.QueryWorkers;
import dev.panoptes.logs.logql.StreamsResult;
import dev.panoptes.logs.store.EntryListener;
import dev.panoptes.logs.store.LineCondition;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.logs.store.LogBatch;
import dev.panoptes.logs.store.LogStoreSettings;
import dev.panoptes.logs.store.ReadCheck;
import dev.panoptes.logs.store.ScanRequest;
import dev.panoptes.logs.store.ScanStatistics;
import dev.panoptes.logs.store.StreamCursor;
import dev.panoptes.logs.store.StreamScan;
import dev.panoptes.logs.store.TenantLogStore;
import dev.panoptes.metrics.promql.StepSeries;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ./panoptes bench logs [GB [HOSTS [DIR]]]}: replays the loghub samples
 * ({@link LoghubReplay}) into one tenant's log store until GB gigabytes of lines are stored
 * (default 1), each entry with the {@code detected_level} a Loki push gives it, flushing a block
 * every 256 MB, then reopens the store as a restart would and
 * measures: ingest MB of lines per CPU second of the ingesting thread (push, log write, chunk cuts,
 * flushes); bytes in the object store (chunks, blooms, index, metadata) against the lines' bytes;
 * the latency of a needle query ({@code |= "<a token in one line>"} over every stream and the
 * whole range), of the same token as a regex with one character open, of it in upper case under
 * {@code (?i)} and as the entry's {@code trace_id} metadata ({@code | trace_id="<token>"}); and
 * the scan throughput
 * of a filter-and-count over every line (a substring that most chunks hold, counted through the
 * store's scan) and of filter-and-parse LogQL metric queries
 * ({@link #METRIC_QUERIES}, through the metric engine), in MB of lines per CPU second. DIR keeps
 * the data (default: a temporary directory, deleted at the end); run again on a kept DIR, the tool
 * measures the queries only.
 */
final class LogLoad {

    private static final long T0 = 1_764_000_000_000_000_000L;
    private static final long STEP = 100_000_000L;
    private static final long FLUSH_BYTES = 256L << 20;
    private static final int BATCH = 1000;

    /**
     * Filter-and-parse metric queries on the replayed systems: every HDFS line parsed by a
     * pattern; Apache's error lines parsed by a pattern; OpenSSH's and Linux's lines naming a user
     * parsed by a regular expression; every stream's lines holding "INFO" parsed by a pattern
     * around it; every stream's lines matching a case-insensitive regular expression.
     */
    private static final List<String> METRIC_QUERIES = List.of(
            "sum by (level, component) (count_over_time({system=\"HDFS\"} | pattern \"<_> <_> <_> <level> <component>: <_>\" [1m]))",
            "sum by (level) (count_over_time({system=\"Apache\"} |= \"error\" | pattern \"[<_>] [<level>] <_>\" [1m]))",
            "sum by (system, user) (count_over_time({system=~\"OpenSSH|Linux\"} |= \"user\" | regexp \"user (?P<user>\\\\w+)\" [1m]))",
            "sum by (system) (count_over_time({system=~\".+\"} |= \"INFO\" | pattern \"<_> INFO <component> <_>\" | component != \"\" [1m]))",
            "sum by (system) (count_over_time({system=~\".+\"} |~ \"(?i)exception|fail(ed|ure)\" [1m]))");

    private LogLoad() {
    }

    public static void main(String[] args) throws Exception {
        double gigabytes = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        int hosts = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("log-load");
        boolean keep = args.length > 2;
        Path corpus = Path.of(System.getProperty("panoptes.shared.dir", "../shared"), "datasets", "loghub");
        long target = (long) (gigabytes * (1L << 30));
        LoghubReplay replay = new LoghubReplay(corpus, hosts, T0, STEP, target / 2 / 150 / (10L * hosts));
        LogStoreSettings settings = new LogStoreSettings(1 << 20, 0,
                new WalOptions(WalSync.PERIODIC, Duration.ofSeconds(1), WalOptions.DEFAULT_SEGMENT_BYTES), Duration.ZERO);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path loaded = dir.resolve("loaded.txt");
        if (Files.exists(loaded)) {
            // A kept directory from an earlier run: measure the queries again without loading.
            String[] facts = Files.readString(loaded).trim().split(" ");
            System.out.println("reusing the data in " + dir + " (delete it to load again)");
            query(dir, settings, replay.needle(), Long.parseLong(facts[0]), Long.parseLong(facts[1]), threads);
            return;
        }
        // Each entry carries the detected_level a Loki push gets by default, so the store and the
        // queries see the metadata they would; finding it is not counted as ingest here (see
        // LevelDiscoveryBenchmark).
        LevelDiscovery levels = new LevelDiscovery(LevelDiscovery.DEFAULT_FIELDS, 2);
        long raw = 0;
        long ingestCpu = 0;
        long began = System.nanoTime();
        try (ObjectStore objects = LocalDirectoryObjectStore.open(dir.resolve("objects"));
             TenantLogStore store = TenantLogStore.open(dir.resolve("tenant"), settings, objects, "logs/bench/blocks/")) {
            long sinceFlush = 0;
            while (raw < target) {
                for (int s = 0; s < replay.streams() && raw < target; s++) {
                    LogBatch batch = new LogBatch();
                    long bytes = replay.fill(batch, s, BATCH, levels);
                    long cpu = threads.getCurrentThreadCpuTime();
                    store.append(batch);
                    raw += bytes;
                    sinceFlush += bytes;
                    if (sinceFlush >= FLUSH_BYTES) {
                        store.flush();
                        sinceFlush = 0;
                    }
                    ingestCpu += threads.getCurrentThreadCpuTime() - cpu;
                }
            }
            long cpu = threads.getCurrentThreadCpuTime();
            store.flush();
            ingestCpu += threads.getCurrentThreadCpuTime() - cpu;
        }
        double ingestWall = (System.nanoTime() - began) / 1e9;
        long stored = 0;
        long[] byKind = new long[4];
        try (ObjectStore objects = LocalDirectoryObjectStore.open(dir.resolve("objects"))) {
            for (ObjectInfo info : objects.list("logs/bench/blocks/")) {
                stored += info.size();
                String name = info.key().substring(info.key().lastIndexOf('/') + 1);
                int kind = switch (name) {
                    case "chunks" -> 0;
                    case "blooms" -> 1;
                    case "index" -> 2;
                    default -> 3;
                };
                byKind[kind] += info.size();
            }
        }
        System.out.printf(Locale.ROOT, "ingest: %.2f GB of lines in %d streams, %.0f s wall, %.1f MB/s per core of the ingesting thread%n",
                raw / 1e9, replay.streams(), ingestWall, raw / 1e6 / (ingestCpu / 1e9));
        System.out.printf(Locale.ROOT, "stored: %d bytes (chunks %d, blooms %d, index %d, meta %d), %.2f:1%n",
                stored, byKind[0], byKind[1], byKind[2], byKind[3], (double) raw / stored);
        Files.writeString(loaded, raw + " " + (replay.lastTime() + 1) + "\n");
        query(dir, settings, replay.needle(), raw, replay.lastTime() + 1, threads);
        if (!keep) {
            deleteTree(dir);
        }
    }

    /** Runs a needle query five times and prints what it found and its latencies. */
    private static void needle(String name, LogSelectorExpr query, LogQueryEngine engine, TenantLogStore store, long raw, long end) {
        double[] latencies = new double[5];
        StreamsResult result = null;
        for (int i = 0; i < latencies.length; i++) {
            long t = System.nanoTime();
            result = engine.select(query, T0, end, Direction.BACKWARD, 100, store);
            latencies[i] = (System.nanoTime() - t) / 1e6;
        }
        int found = 0;
        for (StreamsResult.Stream s : result.streams()) {
            found += s.lines().length;
        }
        double first = latencies[0];
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%s: %d line(s) found over %.2f GB, first %.0f ms, median of 5 %.0f ms, %.1f MB of lines scanned%n",
                name, found, raw / 1e9, first, latencies[2], result.statistics().bytesProcessed() / 1e6);
    }

    private static void query(Path dir, LogStoreSettings settings, String needleToken, long raw, long end, ThreadMXBean threads)
            throws Exception {
        long opened = System.nanoTime();
        try (ObjectStore objects = LocalDirectoryObjectStore.open(dir.resolve("objects"));
             TenantLogStore store = TenantLogStore.open(dir.resolve("tenant"), settings, objects, "logs/bench/blocks/")) {
            System.out.printf(Locale.ROOT, "open: %.1f s (blocks attached, blooms objects opened)%n", (System.nanoTime() - opened) / 1e9);
            LogQueryEngine engine = new LogQueryEngine();
            LogSelectorExpr needle = (LogSelectorExpr) LogQLParser.parse("{system=~\".+\"} |= \"" + needleToken + "\"");
            needle("needle", needle, engine, store, raw, end);
            // The same token as a regex with one character left open: answered from the blooms
            // by the strings every match holds.
            int open = needleToken.length() / 2;
            String regex = needleToken.substring(0, open) + "\\w" + needleToken.substring(open + 1);
            needle("regex needle |~ `" + regex + "`", (LogSelectorExpr) LogQLParser.parse("{system=~\".+\"} |~ `" + regex + "`"),
                    engine, store, raw, end);
            // Case-insensitive, as Grafana's search boxes ask: the blooms are asked for every
            // case of each n-gram's letters.
            String caseless = "(?i)" + needleToken.toUpperCase(Locale.ROOT);
            needle("caseless needle |~ `" + caseless + "`", (LogSelectorExpr) LogQLParser.parse("{system=~\".+\"} |~ `" + caseless + "`"),
                    engine, store, raw, end);
            // The token as the needle entry's trace_id metadata, as OTLP logs carry trace ids.
            needle("metadata needle | trace_id=\"...\"", (LogSelectorExpr) LogQLParser.parse("{system=~\".+\"} | trace_id=\"" + needleToken + "\""),
                    engine, store, raw, end);
            for (String filter : List.of("error", "session")) {
                scan(store, filter, end, threads);
            }
            for (String query : METRIC_QUERIES) {
                metricQuery(store, query, end, threads);
            }
            compact(store, objects, raw, threads);
            long t = System.nanoTime();
            StreamsResult result = engine.select(needle, T0, end, Direction.BACKWARD, 100, store);
            System.out.printf(Locale.ROOT, "needle after compaction: %d stream(s), %.0f ms%n", result.streams().size(), (System.nanoTime() - t) / 1e6);
        }
    }

    /** Merges the blocks as the store's maintenance would (nothing is past retention here) and reports the effect. */
    private static void compact(TenantLogStore store, ObjectStore objects, long raw, ThreadMXBean threads) throws IOException {
        int before = store.blockIds().size();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        int merges = store.compactBlocks(System.currentTimeMillis());
        if (merges == 0) {
            System.out.printf(Locale.ROOT, "compact: %d blocks, none inside a complete window of data time to merge%n", before);
            return;
        }
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        long stored = 0;
        for (ObjectInfo info : objects.list("logs/bench/blocks/")) {
            stored += info.size();
        }
        System.out.printf(Locale.ROOT, "compact: %d blocks into %d in %d merges, %.0f s wall, %.0f s CPU (%.0f MB of lines per CPU second); stored %d bytes, %.2f:1%n",
                before, store.blockIds().size(), merges, wallSeconds, cpuSeconds, raw / 1e6 / cpuSeconds, stored, (double) raw / stored);
    }

    /** Counts the lines holding {@code filter} three times (the first also compiles the scan code) and reports the median. */
    private static void scan(TenantLogStore store, String filter, long end, ThreadMXBean threads) {
        double[] rates = new double[3];
        String report = "";
        for (int run = 0; run < rates.length; run++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            long count = 0;
            ScanStatistics stats;
            try (StreamScan scan = store.scan(new ScanRequest(List.<LabelMatcher>of(), T0, end, List.of(LineCondition.contains(filter)), false))) {
                for (StreamCursor cursor : scan.streams()) {
                    while (cursor.next()) {
                        count++;
                    }
                }
                stats = scan.statistics();
            }
            rates[run] = stats.bytesScanned() / 1e6 / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9);
            report = String.format(Locale.ROOT, "%d lines counted, %.2f GB of lines in %d decoded chunks (%d skipped by bloom), %.2f s wall",
                    count, stats.bytesScanned() / 1e9, stats.chunksDecoded(), stats.chunksSkippedByBloom(), (System.nanoTime() - wall) / 1e9);
        }
        double first = rates[0];
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "scan |= \"%s\": %s; %.0f MB/s per core (median of 3; first run %.0f)%n", filter, report, rates[1], first);
    }

    /**
     * Runs {@code query} as a range query over the whole replay (one-minute steps) three times on
     * the query's thread alone and reports the median rate: the line bytes of the chunks the query
     * decoded, per CPU second of that thread (decompression, the pushed-down filters, the pipeline
     * and the counting). Then three times with the process's query helpers, which read streams on
     * the other cores too, and reports the median wall time beside the one-thread one.
     */
    private static void metricQuery(TenantLogStore store, String query, long end, ThreadMXBean threads) throws LogQLParseException {
        MetricExpr expr = LogQLParser.parseMetric(query);
        MetricQueryEngine engine = new MetricQueryEngine(QueryWorkers.none());
        double[] walls = new double[3];
        double oneThreadCount = 0;
        long step = 60_000_000_000L;
        long start = T0 + step;
        double[] rates = new double[3];
        String report = "";
        for (int run = 0; run < rates.length; run++) {
            ScanCounting reader = new ScanCounting(store);
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            MetricResult result = engine.evaluate(expr, start, end, step, reader, ReadCheck.NONE, Duration.ofMinutes(10));
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            double counted = 0;
            for (StepSeries s : result.series()) {
                for (double v : s.values()) {
                    counted += v;
                }
            }
            rates[run] = reader.bytesScanned() / 1e6 / cpuSeconds;
            walls[run] = (System.nanoTime() - wall) / 1e9;
            oneThreadCount = counted;
            report = String.format(Locale.ROOT, "%d series, %.0f counted over the steps, %.2f GB of lines in %d decoded chunks (%d skipped by bloom), %d lines into the pipeline, %.2f s wall",
                    result.series().size(), counted, reader.bytesScanned() / 1e9, reader.chunksDecoded(), reader.chunksSkipped(),
                    result.statistics().linesProcessed(), walls[run]);
        }
        double first = rates[0];
        Arrays.sort(rates);
        Arrays.sort(walls);
        System.out.printf(Locale.ROOT, "metric %s: %s; %.0f MB/s per core (median of 3; first run %.0f)%n", query, report, rates[1], first);
        MetricQueryEngine helped = new MetricQueryEngine(QueryWorkers.shared());
        double[] helpedWalls = new double[3];
        double helpedCount = 0;
        for (int run = 0; run < helpedWalls.length; run++) {
            long wall = System.nanoTime();
            MetricResult result = helped.evaluate(expr, start, end, step, store, ReadCheck.NONE, Duration.ofMinutes(10));
            helpedWalls[run] = (System.nanoTime() - wall) / 1e9;
            helpedCount = 0;
            for (StepSeries s : result.series()) {
                for (double v : s.values()) {
                    helpedCount += v;
                }
            }
        }
        Arrays.sort(helpedWalls);
        System.out.printf(Locale.ROOT, "  with %d query helper(s): %.2f s wall (median of 3) against %.2f s on one thread, %.2fx; %s%n",
                QueryWorkers.shared().helpers(), helpedWalls[1], walls[1], walls[1] / helpedWalls[1],
                helpedCount == oneThreadCount ? "the same counts" : "DIFFERENT COUNTS: " + helpedCount + " against " + oneThreadCount);
    }

    /** A store's reader that adds up the statistics of the scans a query opens. */
    private static final class ScanCounting implements LogReader {
        private final LogReader inner;
        private final List<ScanStatistics> opened = new ArrayList<>();

        ScanCounting(LogReader inner) {
            this.inner = inner;
        }

        @Override
        public StreamScan scan(ScanRequest request) {
            StreamScan scan = inner.scan(request);
            opened.add(scan.statistics());
            return scan;
        }

        long bytesScanned() {
            return opened.stream().mapToLong(ScanStatistics::bytesScanned).sum();
        }

        long chunksDecoded() {
            return opened.stream().mapToLong(ScanStatistics::chunksDecoded).sum();
        }

        long chunksSkipped() {
            return opened.stream().mapToLong(ScanStatistics::chunksSkippedByBloom).sum();
        }

        @Override
        public List<Labels> series(List<LabelMatcher> matchers, long from, long to) {
            return inner.series(matchers, from, to);
        }

        @Override
        public List<String> labelNames(List<LabelMatcher> matchers, long from, long to) {
            return inner.labelNames(matchers, from, to);
        }

        @Override
        public List<String> labelValues(String name, List<LabelMatcher> matchers, long from, long to) {
            return inner.labelValues(name, matchers, from, to);
        }

        @Override
        public List<StreamChunks> chunkExtents(List<LabelMatcher> matchers, long from, long to) {
            return inner.chunkExtents(matchers, from, to);
        }

        @Override
        public Subscription subscribe(List<LabelMatcher> matchers, EntryListener listener) {
            return inner.subscribe(matchers, listener);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}

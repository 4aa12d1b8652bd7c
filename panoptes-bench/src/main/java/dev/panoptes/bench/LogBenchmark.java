package dev.panoptes.bench;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import dev.panoptes.core.objstore.ObjectStore;
import dev.panoptes.core.wal.WalOptions;
import dev.panoptes.core.wal.WalSync;
import dev.panoptes.logs.logql.Direction;
import dev.panoptes.logs.logql.LogQLParser;
import dev.panoptes.logs.logql.LogQueryEngine;
import dev.panoptes.logs.logql.LogSelectorExpr;
import dev.panoptes.logs.logql.StreamsResult;
import dev.panoptes.logs.store.LogBatch;
import dev.panoptes.logs.store.LogStoreSettings;
import dev.panoptes.logs.store.TenantLogStore;
import dev.panoptes.wire.loki.LokiPushDecoder;
import dev.panoptes.wire.loki.LokiPushFormatException;
import dev.panoptes.wire.loki.LokiPushSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The logs hot paths, per entry of synthetic application lines of about 150 bytes: decoding a
 * 1000-entry {@code logproto.PushRequest}; storing pushes (log write without fsync, head appends,
 * chunk cuts with zstd and bloom); scanning 100,000 stored entries (about 15 MB of lines in
 * chunks) with a regex line filter that keeps none of them, and finding one order id among them,
 * which the chunks' blooms narrow to one chunk. The scans are reported per stored entry.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LogBenchmark {

    private static final int ENTRIES = 1000;
    private static final int STORED = 100_000;
    private static final long T0 = 1_700_000_000_000_000_000L;

    private String[] lines;
    private byte[] push;
    private final LokiPushDecoder decoder = new LokiPushDecoder();
    private Path dir;
    private TenantLogStore store;
    private TenantLogStore scanned;
    private long nextTime = T0;
    private final LogQueryEngine engine = new LogQueryEngine();
    private LogSelectorExpr scanQuery;
    private LogSelectorExpr needleQuery;

    static String line(Random random, int i) {
        return "2026-12-02T01:" + (10 + i % 50) + ":" + (10 + i % 49) + "." + (100 + i % 900) + "Z INFO [worker-" + random.nextInt(16)
                + "] o.e.shop.OrderService: order " + Long.toHexString(random.nextLong()) + " paid by user" + random.nextInt(50_000)
                + " path=/api/orders/" + random.nextInt(10_000) + " status=200 took=" + random.nextInt(500) + "ms";
    }

    @Setup
    public void setup() throws IOException {
        Random random = new Random(42);
        lines = new String[STORED];
        for (int i = 0; i < STORED; i++) {
            lines[i] = line(random, i);
        }
        push = pushRequest();
        dir = Files.createTempDirectory("log-bench");
        scanned = open(dir.resolve("scanned"));
        for (int i = 0; i < STORED; i += ENTRIES) {
            LogBatch batch = new LogBatch();
            batch.stream(Labels.of("app", "shop", "pod", "p" + (i / 10_000)));
            for (int k = i; k < i + ENTRIES; k++) {
                batch.entry(T0 + k * 1_000_000L, lines[k], Labels.empty());
            }
            scanned.append(batch);
        }
        scanned.cutAll();
        try {
            // A regex filter: blooms only answer |= strings, so this reads every chunk.
            scanQuery = (LogSelectorExpr) LogQLParser.parse("{app=\"shop\"} |~ \"status=5[0-9][0-9]\"");
            String needle = lines[STORED / 2];
            int order = needle.indexOf(" order ") + " order ".length();
            needleQuery = (LogSelectorExpr) LogQLParser.parse("{app=\"shop\"} |= \"" + needle.substring(order, needle.indexOf(' ', order)) + "\"");
        } catch (dev.panoptes.logs.logql.LogQLParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private TenantLogStore open(Path at) throws IOException {
        ObjectStore objects = LocalDirectoryObjectStore.open(at.resolve("objects"));
        return TenantLogStore.open(at, new LogStoreSettings(1 << 20, 0,
                new WalOptions(WalSync.PERIODIC, Duration.ofSeconds(10), WalOptions.DEFAULT_SEGMENT_BYTES), Duration.ZERO), objects, "blocks/");
    }

    /** A push request of the first {@link #ENTRIES} lines, encoded field by field. */
    private byte[] pushRequest() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        bytes(stream, 1, "{app=\"shop\", pod=\"p1\"}".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < ENTRIES; i++) {
            ByteArrayOutputStream timestamp = new ByteArrayOutputStream();
            varint(timestamp, 1 << 3);
            varint(timestamp, 1_700_000_000L + i);
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            bytes(entry, 1, timestamp.toByteArray());
            bytes(entry, 2, lines[i].getBytes(StandardCharsets.UTF_8));
            bytes(stream, 2, entry.toByteArray());
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        bytes(request, 1, stream.toByteArray());
        return request.toByteArray();
    }

    private static void bytes(ByteArrayOutputStream out, int field, byte[] value) {
        varint(out, field << 3 | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    @Setup(Level.Iteration)
    public void openStore() throws IOException {
        store = open(Files.createTempDirectory(dir, "append"));
    }

    @TearDown(Level.Iteration)
    public void closeStore() throws IOException {
        store.close();
    }

    @TearDown
    public void closeScanned() throws IOException {
        scanned.close();
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public void decodePush(Blackhole bh) throws LokiPushFormatException {
        decoder.decodeProtobuf(push, 0, push.length, new LokiPushSink() {
            @Override
            public void stream(Labels labels) {
                bh.consume(labels);
            }

            @Override
            public void entry(long timestampNanos, String line, Labels structuredMetadata) {
                bh.consume(timestampNanos);
                bh.consume(line);
            }

            @Override
            public void rejectStream(String reason, int entries, long lineBytes) {
                bh.consume(reason);
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public void storePush() throws IOException {
        LogBatch batch = new LogBatch();
        batch.stream(Labels.of("app", "shop", "pod", "p1"));
        int from = (int) ((nextTime - T0) / 1_000_000L % (STORED - ENTRIES));
        for (int k = 0; k < ENTRIES; k++) {
            batch.entry(nextTime, lines[from + k], Labels.empty());
            nextTime += 1_000_000L;
        }
        store.append(batch);
    }

    @Benchmark
    @OperationsPerInvocation(STORED)
    public StreamsResult scanWithLineFilter() {
        return engine.select(scanQuery, T0, T0 + STORED * 1_000_000L, Direction.BACKWARD, 100, scanned);
    }

    @Benchmark
    @OperationsPerInvocation(STORED)
    public StreamsResult findNeedleThroughBlooms() {
        return engine.select(needleQuery, T0, T0 + STORED * 1_000_000L, Direction.BACKWARD, 100, scanned);
    }

}

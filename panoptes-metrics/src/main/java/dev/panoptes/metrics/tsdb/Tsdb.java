package dev.panoptes.metrics.tsdb;

import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.wal.WriteAheadLog;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SeriesExemplars;
import dev.panoptes.metrics.storage.Storage;
import dev.panoptes.metrics.tsdb.head.Head;
import dev.panoptes.metrics.tsdb.head.HeadJournal;
import dev.panoptes.metrics.tsdb.wal.MetricsRecordEncoder;
import dev.panoptes.metrics.tsdb.wal.MetricsWalReplay;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's metrics database: the head in memory and its write-ahead log in
 * {@code <dir>/wal}. Opening replays the log (cutting a damaged tail with a warning) before
 * accepting writes; every commit is logged, and synced as the settings say, before it becomes
 * visible.
 *
 * <p>Thread-safe.
 */
public final class Tsdb implements Storage, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Tsdb.class);

    private final Path dir;
    private final Head head;
    private final WriteAheadLog wal;
    private final MetricsWalReplay.Result replay;

    private Tsdb(Path dir, Head head, WriteAheadLog wal, MetricsWalReplay.Result replay) {
        this.dir = dir;
        this.head = head;
        this.wal = wal;
        this.replay = replay;
    }

    public static Tsdb open(Path dir, TsdbSettings settings) throws IOException {
        Files.createDirectories(dir);
        Path walDir = dir.resolve("wal");
        WalJournal journal = new WalJournal();
        Head head = new Head(settings.blockDuration().toMillis(), settings.maxActiveSeries(), settings.maxExemplars(), journal);
        long started = System.nanoTime();
        MetricsWalReplay.Result replay = MetricsWalReplay.replay(walDir, head);
        if (replay.series() > 0) {
            LOG.info("Replayed the write-ahead log of {}: {} series, {} samples in {} ms", dir, replay.series(), replay.samples(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        WriteAheadLog wal = WriteAheadLog.open(walDir, settings.walOptions());
        journal.wal = wal;
        return new Tsdb(dir, head, wal, replay);
    }

    public Path directory() {
        return dir;
    }

    /** What the last start-up replay restored and could not restore. */
    public MetricsWalReplay.Result replayResult() {
        return replay;
    }

    public Head head() {
        return head;
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return head.querier(mint, maxt);
    }

    @Override
    public Appender appender() {
        return head.appender();
    }

    @Override
    public List<SeriesExemplars> exemplars(long start, long end, List<List<LabelMatcher>> matcherSets) {
        return head.exemplars(start, end, matcherSets);
    }

    @Override
    public Map<String, List<MetricMetadata>> metadata(String metric, int limit, int limitPerMetric) {
        return head.metadata(metric, limit, limitPerMetric);
    }

    @Override
    public void close() throws IOException {
        wal.close();
    }

    /** Logs head changes to the write-ahead log. */
    private static final class WalJournal implements HeadJournal {

        /** Commits encode into a buffer of their own thread; buffers above 1 MiB are not kept. */
        private static final ThreadLocal<EncodeBuffer> BUFFERS = ThreadLocal.withInitial(() -> new EncodeBuffer(4096));

        /** Series creation is serialised by the head, so one buffer serves it. */
        private final EncodeBuffer seriesBuffer = new EncodeBuffer(256);
        private volatile WriteAheadLog wal;

        @Override
        public void series(int id, Labels labels) throws IOException {
            MetricsRecordEncoder.series(seriesBuffer.reset(), id, labels);
            // Not synced on its own: the commit that carries the series' first sample syncs it.
            wal.write(seriesBuffer, false);
        }

        @Override
        public void commit(CommitBatch batch) throws IOException {
            EncodeBuffer buf = BUFFERS.get().reset();
            MetricsRecordEncoder.batch(buf, batch);
            wal.write(buf);
            if (buf.array().length > 1 << 20) {
                BUFFERS.remove();
            }
        }
    }
}

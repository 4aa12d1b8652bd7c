package dev.panoptes.metrics.tsdb.wal;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.wal.WalReader;
import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.MetricMetadata;
import dev.panoptes.metrics.tsdb.head.Head;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a head from its log: series first (each record precedes the samples that name it),
 * then samples, exemplars and metadata in commit order. A record that passes its checksum but
 * does not decode is skipped and reported; samples of series the log never named, or older than
 * what blocks already hold, are counted and dropped.
 */
public final class MetricsWalReplay implements MetricsRecordDecoder.Visitor {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsWalReplay.class);

    /**
     * What a replay restored and what it could not.
     *
     * @param samples float and histogram samples applied
     * @param dropped samples of unknown series, out of order, or in undecodable records
     * @param problems one line per damaged place
     */
    public record Result(long series, long samples, long dropped, List<String> problems) {
    }

    private final Head head;
    private final long minTime;
    /** Logged id to head id, for series logged again under a new id after being dropped. */
    private final Map<Integer, Integer> aliases = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final MetricsRecordDecoder decoder = new MetricsRecordDecoder();
    private long series;
    private long samples;
    private long dropped;

    private MetricsWalReplay(Head head, long minTime) {
        this.head = head;
        this.minTime = minTime;
    }

    /** Replays {@code walDir} into {@code head}, skipping samples older than {@code minTime} (already in blocks). */
    public static Result replay(Path walDir, Head head, long minTime) throws IOException {
        MetricsWalReplay replay = new MetricsWalReplay(head, minTime);
        WalReader.Report report = WalReader.replay(walDir, replay::record);
        replay.problems.addAll(0, report.problems());
        if (replay.dropped > 0) {
            LOG.warn("write-ahead log replay dropped {} samples of unknown series or out of order", replay.dropped);
        }
        return new Result(replay.series, replay.samples, replay.dropped, List.copyOf(replay.problems));
    }

    private void record(byte[] buf, int offset, int length) {
        try {
            decoder.decode(buf, offset, length, this);
        } catch (CorruptDataException | IllegalArgumentException e) {
            String problem = "undecodable record skipped: " + e.getMessage();
            LOG.warn("write-ahead log: {}", problem);
            problems.add(problem);
        }
    }

    private int resolve(int loggedId) {
        Integer alias = aliases.get(loggedId);
        return alias == null ? loggedId : alias;
    }

    @Override
    public void series(int id, Labels labels) {
        int actual = head.restoreSeries(id, labels);
        if (actual != id) {
            aliases.put(id, actual);
        }
        series++;
    }

    @Override
    public void sample(int id, long st, long t, double value) {
        if (t >= minTime && head.restoreSample(resolve(id), st, t, value)) {
            samples++;
        } else if (t >= minTime) {
            dropped++;
        }
    }

    @Override
    public void histogram(int id, long st, long t, Object histogram) {
        if (t >= minTime && head.restoreHistogram(resolve(id), st, t, histogram)) {
            samples++;
        } else if (t >= minTime) {
            dropped++;
        }
    }

    @Override
    public void exemplar(int id, Exemplar exemplar) {
        head.restoreExemplar(resolve(id), exemplar);
    }

    @Override
    public void metadata(String metric, MetricMetadata metadata) {
        head.restoreMetadata(metric, metadata);
    }

    @Override
    public void tombstone(int id, long min, long max) {
        head.restoreTombstone(resolve(id), min, max);
    }
}

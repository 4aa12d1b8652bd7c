package dev.panoptes.metrics.tsdb.importer;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectStore;
import dev.panoptes.metrics.tsdb.block.BlockId;
import dev.panoptes.metrics.tsdb.block.BlockMeta;
import dev.panoptes.metrics.tsdb.block.BlockWriter;
import dev.panoptes.metrics.tsdb.chunk.ChunkEncoding;
import dev.panoptes.metrics.tsdb.chunk.EncodedChunk;
import dev.panoptes.metrics.tsdb.chunk.XorChunk;
import dev.panoptes.wire.exposition.ExpositionFormat;
import dev.panoptes.wire.exposition.ExpositionParseException;
import dev.panoptes.wire.exposition.ExpositionSink;
import dev.panoptes.wire.exposition.TextExpositionParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads OpenMetrics text with timestamps (as {@code promtool tsdb dump} writes it, and as
 * {@code promtool tsdb create-blocks-from openmetrics} reads it) and writes its samples as
 * blocks aligned to {@code blockDuration}, one per window that holds data.
 *
 * <p>The whole file is read before anything is written: samples are encoded into chunks in
 * memory as they come (about one and a half bytes each), so a bad line stops the import with
 * its line number and nothing is stored. Blocks become visible one by one as each
 * {@code meta.json} is written last. Samples of one series must come in time order; a repeat of
 * the same sample is ignored, as the database ignores it.
 */
public final class OpenMetricsImporter {

    /** What an import wrote. */
    public record Result(long samples, long series, List<BlockMeta> blocks) {
    }

    /** One series in one window: its chunks so far and the open one. */
    private static final class SeriesWindow {
        final List<EncodedChunk> sealed = new ArrayList<>();
        XorChunk open;
        long openMin;
        long lastT = Long.MIN_VALUE;
        long lastBits;
    }

    private final long blockDuration;
    private final int samplesPerChunk;
    /** Window start to (series to its chunks). */
    private final TreeMap<Long, Map<Labels, SeriesWindow>> windows = new TreeMap<>();
    private long samples;

    /**
     * @param blockDuration the range of each block, in ms
     * @param samplesPerChunk samples per chunk before a new one starts
     */
    public OpenMetricsImporter(long blockDuration, int samplesPerChunk) {
        this.blockDuration = blockDuration;
        this.samplesPerChunk = samplesPerChunk;
    }

    /**
     * Reads the text and, if it all parses, writes its blocks to {@code store} under
     * {@code blocksPrefix}, staging files in {@code staging}.
     *
     * @throws ExpositionParseException naming the first bad line; nothing is written then
     */
    public Result run(Reader text, ObjectStore store, String blocksPrefix, Path staging) throws IOException, ExpositionParseException {
        read(text);
        List<BlockMeta> written = new ArrayList<>();
        long seriesTotal = 0;
        for (Map.Entry<Long, Map<Labels, SeriesWindow>> window : windows.entrySet()) {
            String id = BlockId.next(System.currentTimeMillis());
            try (BlockWriter writer = new BlockWriter(staging.resolve(id))) {
                List<Labels> sorted = new ArrayList<>(window.getValue().keySet());
                sorted.sort(null);
                for (Labels labels : sorted) {
                    SeriesWindow series = window.getValue().get(labels);
                    seal(series);
                    writer.addSeries(labels, series.sealed);
                }
                BlockMeta meta = writer.finish(id, window.getKey(), window.getKey() + blockDuration, 1, List.of(id));
                writer.upload(store, blocksPrefix + id + "/", meta);
                written.add(meta);
                seriesTotal += meta.numSeries();
            }
        }
        return new Result(samples, seriesTotal, written);
    }

    private void read(Reader text) throws IOException, ExpositionParseException {
        TextExpositionParser[] parser = new TextExpositionParser[1];
        long[] currentWindow = {Long.MIN_VALUE};
        List<Map<Labels, SeriesWindow>> current = new ArrayList<>(List.of(Map.of()));
        ExpositionSink sink = (labels, value, t, exemplar) -> {
            if (t == ExpositionSink.NO_TIMESTAMP) {
                throw new BadSample(parser[0].lineNumber(), "sample of " + labels + " has no timestamp; backfill needs one on every sample");
            }
            long window = Math.floorDiv(t, blockDuration) * blockDuration;
            if (window != currentWindow[0]) {
                currentWindow[0] = window;
                current.set(0, windows.computeIfAbsent(window, w -> new HashMap<>()));
            }
            SeriesWindow series = current.get(0).computeIfAbsent(labels, l -> new SeriesWindow());
            String problem = append(series, labels, t, value);
            if (problem != null) {
                throw new BadSample(parser[0].lineNumber(), problem);
            }
        };
        parser[0] = new TextExpositionParser(ExpositionFormat.OPENMETRICS, sink);
        try {
            parser[0].parse(text);
        } catch (BadSample e) {
            throw new ExpositionParseException(e.line, 1, e.getMessage());
        }
    }

    /** Appends a sample; returns why it cannot be taken, or null. */
    private String append(SeriesWindow series, Labels labels, long t, double value) {
        long bits = Double.doubleToRawLongBits(value);
        if (t <= series.lastT) {
            if (t == series.lastT && bits == series.lastBits) {
                return null;
            }
            return t == series.lastT
                    ? "sample of " + labels + " at " + t + " repeats a timestamp with another value"
                    : "sample of " + labels + " at " + t + " is older than the one before it (" + series.lastT + ")";
        }
        if (series.open == null || series.open.count() >= samplesPerChunk) {
            seal(series);
            series.open = new XorChunk();
            series.openMin = t;
        }
        series.open.append(t, value);
        series.lastT = t;
        series.lastBits = bits;
        samples++;
        return null;
    }

    private static void seal(SeriesWindow series) {
        if (series.open != null && series.open.count() > 0) {
            byte[] bytes = series.open.toByteArray();
            series.sealed.add(new EncodedChunk(ChunkEncoding.XOR, series.openMin, series.lastT, series.open.count(), bytes, 0, bytes.length));
            series.open = null;
        }
    }

    /** A sample the text format allows but backfill cannot take, with its line. */
    private static final class BadSample extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long line;

        BadSample(long line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }
}

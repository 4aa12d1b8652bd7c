package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-encodes the samples of one series from any iterator into chunks: a new chunk at every
 * change of sample kind and every {@code samplesPerChunk} samples. Used when blocks are merged.
 *
 * <p>Not thread-safe; reusable.
 */
public final class SeriesChunkEncoder {

    private final int samplesPerChunk;
    private final Histogram histogram = new Histogram();
    private final FloatHistogram floatHistogram = new FloatHistogram();

    public SeriesChunkEncoder(int samplesPerChunk) {
        this.samplesPerChunk = samplesPerChunk;
    }

    public List<EncodedChunk> encode(SampleIterator it) {
        List<EncodedChunk> chunks = new ArrayList<>();
        XorChunk floats = null;
        HistogramChunk histograms = null;
        ValueType kind = ValueType.NONE;
        long minT = 0;
        long maxT = 0;
        for (ValueType type = it.next(); type != ValueType.NONE; type = it.next()) {
            int count = floats != null ? floats.count() : histograms != null ? histograms.count() : 0;
            if (type != kind || count >= samplesPerChunk) {
                flush(chunks, kind, floats, histograms, minT, maxT);
                floats = type == ValueType.FLOAT ? new XorChunk() : null;
                histograms = type == ValueType.FLOAT ? null : new HistogramChunk(type == ValueType.FLOAT_HISTOGRAM);
                kind = type;
                minT = it.atT();
            }
            maxT = it.atT();
            switch (type) {
                case FLOAT -> floats.append(maxT, it.atFloat());
                case HISTOGRAM -> histograms.append(maxT, it.atHistogram(histogram));
                default -> histograms.append(maxT, it.atFloatHistogram(floatHistogram));
            }
        }
        flush(chunks, kind, floats, histograms, minT, maxT);
        return chunks;
    }

    private static void flush(List<EncodedChunk> chunks, ValueType kind, XorChunk floats, HistogramChunk histograms, long minT, long maxT) {
        if (kind == ValueType.NONE) {
            return;
        }
        byte[] bytes = floats != null ? floats.toByteArray() : histograms.toByteArray();
        byte encoding = switch (kind) {
            case FLOAT -> ChunkEncoding.XOR;
            case HISTOGRAM -> ChunkEncoding.HISTOGRAM;
            default -> ChunkEncoding.FLOAT_HISTOGRAM;
        };
        chunks.add(new EncodedChunk(encoding, minT, maxT, XorChunk.countOf(bytes, 0), bytes, 0, bytes.length));
    }
}

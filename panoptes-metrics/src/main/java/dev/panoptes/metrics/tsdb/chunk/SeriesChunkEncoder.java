package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-encodes the samples of one series from any iterator into chunks: a new chunk at every
 * change of sample kind, every {@code samplesPerChunk} samples and wherever
 * {@link HistogramChunkCuts} asks for one (a counter reset). Used when blocks are merged.
 *
 * <p>Not thread-safe; reusable.
 */
public final class SeriesChunkEncoder {

    private final int samplesPerChunk;
    // The current and the previous sample; swapped after each, since reading fills fresh arrays.
    private Histogram histogram = new Histogram();
    private Histogram previousHistogram = new Histogram();
    private FloatHistogram floatHistogram = new FloatHistogram();
    private FloatHistogram previousFloatHistogram = new FloatHistogram();

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
            boolean sameKind = type == kind && count > 0;
            boolean reset = false;
            if (type == ValueType.HISTOGRAM) {
                it.atHistogram(histogram);
                reset = sameKind && HistogramChunkCuts.startsNewChunk(previousHistogram, histogram);
            } else if (type == ValueType.FLOAT_HISTOGRAM) {
                it.atFloatHistogram(floatHistogram);
                reset = sameKind && HistogramChunkCuts.startsNewChunk(previousFloatHistogram, floatHistogram);
            }
            if (type != kind || count >= samplesPerChunk || reset) {
                flush(chunks, kind, floats, histograms, minT, maxT);
                floats = type == ValueType.FLOAT ? new XorChunk() : null;
                histograms = type == ValueType.FLOAT ? null : new HistogramChunk(type == ValueType.FLOAT_HISTOGRAM);
                kind = type;
                minT = it.atT();
            }
            maxT = it.atT();
            switch (type) {
                case FLOAT -> floats.append(maxT, it.atFloat());
                case HISTOGRAM -> {
                    histograms.append(maxT, histogram);
                    Histogram swap = previousHistogram;
                    previousHistogram = histogram;
                    histogram = swap;
                }
                default -> {
                    histograms.append(maxT, floatHistogram);
                    FloatHistogram swap = previousFloatHistogram;
                    previousFloatHistogram = floatHistogram;
                    floatHistogram = swap;
                }
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

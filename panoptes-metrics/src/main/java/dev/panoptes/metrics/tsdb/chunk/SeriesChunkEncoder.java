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
 * {@link HistogramChunkCuts} asks for one (a counter reset), and where a sample with a start
 * timestamp follows samples without (a chunk has a start-timestamp column from its first sample
 * on, or none). Used when blocks are merged.
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
        boolean starts = false;
        for (ValueType type = it.next(); type != ValueType.NONE; type = it.next()) {
            long st = it.atStartTimestamp();
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
            if (type != kind || count >= samplesPerChunk || reset || (st != 0 && !starts)) {
                flush(chunks, floats, histograms, minT, maxT);
                starts = st != 0;
                floats = type == ValueType.FLOAT ? new XorChunk(32, starts) : null;
                histograms = type == ValueType.FLOAT ? null : new HistogramChunk(type == ValueType.FLOAT_HISTOGRAM, starts);
                kind = type;
                minT = it.atT();
            }
            maxT = it.atT();
            switch (type) {
                case FLOAT -> floats.append(st, maxT, it.atFloat());
                case HISTOGRAM -> {
                    histograms.append(st, maxT, histogram);
                    Histogram swap = previousHistogram;
                    previousHistogram = histogram;
                    histogram = swap;
                }
                default -> {
                    histograms.append(st, maxT, floatHistogram);
                    FloatHistogram swap = previousFloatHistogram;
                    previousFloatHistogram = floatHistogram;
                    floatHistogram = swap;
                }
            }
        }
        flush(chunks, floats, histograms, minT, maxT);
        return chunks;
    }

    private static void flush(List<EncodedChunk> chunks, XorChunk floats, HistogramChunk histograms, long minT, long maxT) {
        if (floats == null && histograms == null) {
            return;
        }
        byte[] bytes = floats != null ? floats.toByteArray() : histograms.toByteArray();
        byte encoding = floats != null ? floats.encoding() : histograms.encoding();
        chunks.add(new EncodedChunk(encoding, minT, maxT, XorChunk.countOf(bytes, 0), bytes, 0, bytes.length));
    }
}

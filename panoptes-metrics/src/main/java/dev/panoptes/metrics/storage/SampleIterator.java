package dev.panoptes.metrics.storage;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;

/**
 * Walks the samples of one series forward in time order, decoding as it goes, so that a query
 * never holds more than the chunk it is reading. A series may mix float and histogram samples.
 *
 * <p>Usage: call {@link #next} or {@link #seek}; while the answer is not {@link ValueType#NONE},
 * read the sample with {@link #atT} and the accessor for its type. Once exhausted, an iterator
 * stays exhausted. Not thread-safe. A failure to read stored data surfaces as a
 * {@link StorageException}.
 */
public interface SampleIterator {

    /** Advances to the next sample and returns its type, or {@link ValueType#NONE} at the end. */
    ValueType next();

    /**
     * Advances to the first sample with a timestamp at or after {@code t} and returns its type.
     * Never moves backwards: if the current sample is already at or after {@code t}, it stays.
     */
    ValueType seek(long t);

    /** Timestamp in milliseconds of the current sample. */
    long atT();

    /**
     * The start timestamp in milliseconds of the current sample: when the counter it belongs to
     * started counting (a "created timestamp"), as its producer reported it; 0 when none was
     * given. Iterators over storage that keeps no start timestamps answer 0.
     */
    default long atStartTimestamp() {
        return 0;
    }

    /** Value of the current sample; only valid when it is {@link ValueType#FLOAT}. */
    double atFloat();

    /**
     * The current integer histogram sample, written into {@code reuse} when not null; only valid
     * when the current sample is {@link ValueType#HISTOGRAM}.
     */
    Histogram atHistogram(Histogram reuse);

    /**
     * The current histogram sample as a float histogram, written into {@code reuse} when not
     * null; valid when the current sample is {@link ValueType#HISTOGRAM} or
     * {@link ValueType#FLOAT_HISTOGRAM}.
     */
    FloatHistogram atFloatHistogram(FloatHistogram reuse);

    /** An iterator over no samples. */
    SampleIterator EMPTY = new SampleIterator() {
        @Override
        public ValueType next() {
            return ValueType.NONE;
        }

        @Override
        public ValueType seek(long t) {
            return ValueType.NONE;
        }

        @Override
        public long atT() {
            throw new IllegalStateException("empty iterator");
        }

        @Override
        public double atFloat() {
            throw new IllegalStateException("empty iterator");
        }

        @Override
        public Histogram atHistogram(Histogram reuse) {
            throw new IllegalStateException("empty iterator");
        }

        @Override
        public FloatHistogram atFloatHistogram(FloatHistogram reuse) {
            throw new IllegalStateException("empty iterator");
        }
    };
}

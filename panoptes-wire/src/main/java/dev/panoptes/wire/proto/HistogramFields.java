package dev.panoptes.wire.proto;

import dev.panoptes.core.histogram.Span;
import java.util.Arrays;

/**
 * The native histogram fields that the remote write and protobuf exposition messages encode
 * alike: bucket spans, and bucket deltas or counts, packed or not. Readers are bounds-checked
 * through {@link ProtoReader}; spans are checked against the number of buckets they describe.
 */
public final class HistogramFields {

    private HistogramFields() {
    }

    public static void checkSpans(Span[] spans, int buckets, String side) throws ProtoFormatException {
        long total = 0;
        for (Span span : spans) {
            total += span.length();
        }
        if (total != buckets) {
            throw new ProtoFormatException("histogram " + side + " spans cover " + total + " buckets but " + buckets + " are given");
        }
    }

    public static Span span(ProtoReader r) throws ProtoFormatException {
        int old = r.pushLimit(r.readLength());
        int offset = 0;
        long length = 0;
        while (r.hasMore()) {
            int tag = r.readTag();
            if (tag >>> 3 == 1) {
                offset = (int) r.readSignedVarint();
            } else if (tag >>> 3 == 2) {
                length = r.readVarint();
            } else {
                r.skip(tag & 7);
            }
        }
        r.popLimit(old);
        if (length < 0 || length > 1 << 16) {
            throw new ProtoFormatException("histogram span of length " + length);
        }
        return new Span(offset, (int) length);
    }

    public static void readSint64s(ProtoReader r, int wire, LongList out) throws ProtoFormatException {
        if (wire == ProtoReader.LENGTH) {
            int old = r.pushLimit(r.readLength());
            while (r.hasMore()) {
                out.add(r.readSignedVarint());
            }
            r.popLimit(old);
        } else {
            out.add(r.readSignedVarint());
        }
    }

    public static void readDoubles(ProtoReader r, int wire, DoubleList out) throws ProtoFormatException {
        if (wire == ProtoReader.LENGTH) {
            int old = r.pushLimit(r.readLength());
            while (r.hasMore()) {
                out.add(r.readDouble());
            }
            r.popLimit(old);
        } else {
            out.add(r.readDouble());
        }
    }

    /** A growable long array. */
    public static final class LongList {
        private long[] values = new long[8];
        private int size;

        public void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        public int size() {
            return size;
        }

        public long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable double array. */
    public static final class DoubleList {
        private double[] values = new double[8];
        private int size;

        public void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        public int size() {
            return size;
        }

        public double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}

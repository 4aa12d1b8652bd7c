package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.codec.BitReader;
import dev.panoptes.core.codec.BitWriter;
import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.codec.EncodeBuffer;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The float chunk of persisted blocks, denser than the head's Gorilla chunk because it is
 * written once, with all samples known: timestamps as delta-of-delta varints (scrape jitter of a
 * few milliseconds costs a byte, not Gorilla's two), values as decimal integers with one shared
 * exponent when every value is an exact short decimal (most exported metrics are: counts,
 * bytes, seconds with a few digits), stored as deltas or deltas of deltas, whichever is
 * smaller, and Gorilla XOR bits otherwise; then the whole is compressed with zstd, which folds
 * the runs of identical bytes that steady series produce.
 *
 * <p>Layout (docs/formats/dense-chunk.md): {@code count:u16be flags:u8 payload}, where flag
 * {@code 0x80} means the payload is zstd-compressed. A chunk with start timestamps (encoding
 * {@code DENSE_FLOAT | START_TIMESTAMPS}) has, between the timestamps and the values, each
 * sample's start as a varint difference from the previous sample's start (from 0 for the
 * first): a steady cumulative series gives zeros, a delta series its scrape interval, and zstd
 * folds either run.
 */
public final class DenseFloatChunk {

    /**
     * One codec per thread, reused from chunk to chunk: a zstd decompressor carries working
     * buffers of over 128 KiB, and making one per chunk (a block read decodes thousands of small
     * chunks) cost more than the decompression itself. Neither is thread-safe, hence per thread.
     */
    private static final ThreadLocal<ZstdDecompressor> DECOMPRESSOR = ThreadLocal.withInitial(ZstdDecompressor::new);
    private static final ThreadLocal<ZstdCompressor> COMPRESSOR = ThreadLocal.withInitial(ZstdCompressor::new);


    static final int COMPRESSED = 0x80;
    static final int DECIMAL_DELTA = 1;
    static final int DECIMAL_DOUBLE_DELTA = 2;
    static final int XOR = 3;
    /** Integers up to this magnitude are exact in a double. */
    private static final long MAX_EXACT = 1L << 53;
    private static final double[] POWERS = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private DenseFloatChunk() {
    }

    /** Encodes {@code n} samples (timestamps strictly increasing), compressed when that is smaller. */
    public static byte[] encode(long[] ts, double[] vs, int n) {
        return encode(ts, vs, null, n, true);
    }

    /**
     * Encodes {@code n} samples with their start timestamps ({@code sts}, 0 for none), or without
     * a start-timestamp column when {@code sts} is null; compressed when that is smaller.
     */
    public static byte[] encode(long[] ts, double[] vs, long[] sts, int n) {
        return encode(ts, vs, sts, n, true);
    }

    /**
     * As {@link #encode(long[], double[], long[], int)}; with {@code compress} false the payload
     * is left uncompressed, for a container that compresses many chunks together.
     */
    public static byte[] encode(long[] ts, double[] vs, long[] sts, int n, boolean compress) {
        if (n <= 0 || n > XorChunk.MAX_SAMPLES) {
            throw new IllegalArgumentException("a dense chunk holds 1 to " + XorChunk.MAX_SAMPLES + " samples, not " + n);
        }
        EncodeBuffer payload = new EncodeBuffer(n * 3 + 16);
        payload.putVarint(ts[0]);
        if (n > 1) {
            long delta = ts[1] - ts[0];
            payload.putUvarint(delta);
            for (int i = 2; i < n; i++) {
                long d = ts[i] - ts[i - 1];
                payload.putVarint(d - delta);
                delta = d;
            }
        }
        if (sts != null) {
            long previous = 0;
            for (int i = 0; i < n; i++) {
                payload.putVarint(sts[i] - previous);
                previous = sts[i];
            }
        }
        putValues(payload, vs, n);
        byte[] compressed = null;
        int size = Integer.MAX_VALUE;
        if (compress) {
            ZstdCompressor zstd = COMPRESSOR.get();
            compressed = new byte[zstd.maxCompressedLength(payload.length())];
            size = zstd.compress(payload.array(), 0, payload.length(), compressed, 0, compressed.length);
        }
        boolean useCompressed = size < payload.length();
        int bodyLength = useCompressed ? size : payload.length();
        byte[] out = new byte[3 + bodyLength];
        out[0] = (byte) (n >>> 8);
        out[1] = (byte) n;
        out[2] = (byte) (useCompressed ? COMPRESSED : 0);
        System.arraycopy(useCompressed ? compressed : payload.array(), 0, out, 3, bodyLength);
        return out;
    }

    private static void putValues(EncodeBuffer out, double[] vs, int n) {
        long[] mantissas = new long[n];
        int exponent = decimalExponent(vs, n, mantissas);
        if (exponent == Integer.MIN_VALUE) {
            out.putByte(XOR);
            BitWriter w = new BitWriter(n * 2 + 8);
            long previous = Double.doubleToRawLongBits(vs[0]);
            w.writeBits(previous, 64);
            int window = XorValueCodec.NO_WINDOW;
            for (int i = 1; i < n; i++) {
                long bits = Double.doubleToRawLongBits(vs[i]);
                window = XorValueCodec.write(w, previous, bits, window);
                previous = bits;
            }
            out.putBytes(w.buffer(), 0, w.byteLength());
            return;
        }
        EncodeBuffer delta = new EncodeBuffer(n * 2 + 8);
        EncodeBuffer doubleDelta = new EncodeBuffer(n * 2 + 8);
        long previousDelta = 0;
        for (int i = 1; i < n; i++) {
            long d = mantissas[i] - mantissas[i - 1];
            delta.putVarint(d);
            doubleDelta.putVarint(d - previousDelta);
            previousDelta = d;
        }
        boolean useDelta = delta.length() <= doubleDelta.length();
        out.putByte(useDelta ? DECIMAL_DELTA : DECIMAL_DOUBLE_DELTA).putVarint(exponent).putVarint(mantissas[0]);
        EncodeBuffer chosen = useDelta ? delta : doubleDelta;
        out.putBytes(chosen.array(), 0, chosen.length());
    }

    /**
     * The exponent {@code e} such that every value is exactly {@code m * 10^e} with
     * {@code |m| < 2^53} and decodes back bit for bit, filling {@code mantissas}; or
     * {@link Integer#MIN_VALUE} when there is none (NaN, infinities, -0, long fractions).
     */
    static int decimalExponent(double[] vs, int n, long[] mantissas) {
        int[] exponents = new int[n];
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double v = vs[i];
            if (Double.isNaN(v) || Double.isInfinite(v) || (v == 0 && Double.doubleToRawLongBits(v) != 0)) {
                return Integer.MIN_VALUE;
            }
            BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
            if (d.precision() > 15) {
                return Integer.MIN_VALUE;
            }
            mantissas[i] = d.unscaledValue().longValue();
            exponents[i] = -d.scale();
            min = Math.min(min, exponents[i]);
        }
        if (min < -(POWERS.length - 1)) {
            return Integer.MIN_VALUE;
        }
        for (int i = 0; i < n; i++) {
            int shift = exponents[i] - min;
            if (shift >= POWERS.length) {
                return Integer.MIN_VALUE;
            }
            long scale = (long) POWERS[shift];
            if (Math.abs(mantissas[i]) > MAX_EXACT / Math.max(1, scale)) {
                return Integer.MIN_VALUE;
            }
            mantissas[i] *= scale;
            if (Double.doubleToRawLongBits(toDouble(mantissas[i], min)) != Double.doubleToRawLongBits(vs[i])) {
                return Integer.MIN_VALUE;
            }
        }
        return min;
    }

    private static double toDouble(long mantissa, int exponent) {
        if (exponent >= 0) {
            return exponent < POWERS.length ? mantissa * POWERS[exponent] : Double.NaN;
        }
        return mantissa / POWERS[-exponent];
    }

    /** Whether an encoded chunk's payload is zstd-compressed. */
    public static boolean isCompressed(byte[] chunk, int offset) {
        return (chunk[offset + 2] & COMPRESSED) != 0;
    }

    /**
     * The same chunk with its payload uncompressed.
     *
     * @throws CorruptDataException if it does not decompress
     */
    public static byte[] uncompressed(byte[] chunk, int offset, int length) {
        if (length < 3) {
            throw new CorruptDataException("dense chunk of " + length + " bytes");
        }
        if (!isCompressed(chunk, offset)) {
            return Arrays.copyOfRange(chunk, offset, offset + length);
        }
        byte[] payload = decompress(chunk, offset, length, countOf(chunk, offset));
        byte[] out = new byte[3 + payload.length];
        out[0] = chunk[offset];
        out[1] = chunk[offset + 1];
        System.arraycopy(payload, 0, out, 3, payload.length);
        return out;
    }

    private static byte[] decompress(byte[] chunk, int offset, int length, int n) {
        long size = ZstdDecompressor.getDecompressedSize(chunk, offset + 3, length - 3);
        if (size < 0 || size > 64L * n + 1024) {
            throw new CorruptDataException("dense chunk claims " + size + " bytes for " + n + " samples");
        }
        byte[] payload = new byte[(int) size];
        try {
            int written = DECOMPRESSOR.get().decompress(chunk, offset + 3, length - 3, payload, 0, payload.length);
            return written == payload.length ? payload : Arrays.copyOf(payload, written);
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw new CorruptDataException("dense chunk does not decompress: " + e.getMessage(), e);
        }
    }

    /** The number of samples in an encoded chunk. */
    public static int countOf(byte[] chunk, int offset) {
        return XorChunk.countOf(chunk, offset);
    }

    /**
     * Decodes a chunk into {@code ts} and {@code vs}, which must hold {@link #countOf} samples.
     *
     * @throws CorruptDataException if it does not decode
     */
    public static int decode(byte[] chunk, int offset, int length, long[] ts, double[] vs) {
        return decode(chunk, offset, length, ts, vs, null);
    }

    /**
     * As {@link #decode(byte[], int, int, long[], double[])} for a chunk with a start-timestamp
     * column when {@code sts} is not null, filling it too.
     */
    public static int decode(byte[] chunk, int offset, int length, long[] ts, double[] vs, long[] sts) {
        if (length < 3) {
            throw new CorruptDataException("dense chunk of " + length + " bytes");
        }
        int n = countOf(chunk, offset);
        if (isCompressed(chunk, offset)) {
            byte[] payload = decompress(chunk, offset, length, n);
            return decodePayload(new DecodeBuffer(payload, 0, payload.length), n, ts, vs, sts);
        }
        return decodePayload(new DecodeBuffer(chunk, offset + 3, length - 3), n, ts, vs, sts);
    }

    private static int decodePayload(DecodeBuffer dec, int n, long[] ts, double[] vs, long[] sts) {
        ts[0] = dec.getVarint();
        if (n > 1) {
            long delta = dec.getUvarint();
            ts[1] = ts[0] + delta;
            for (int i = 2; i < n; i++) {
                delta += dec.getVarint();
                ts[i] = ts[i - 1] + delta;
            }
        }
        if (sts != null) {
            long previous = 0;
            for (int i = 0; i < n; i++) {
                previous += dec.getVarint();
                sts[i] = previous;
            }
        }
        int mode = dec.getByte();
        switch (mode) {
            case XOR -> {
                int start = dec.position();
                BitReader r = new BitReader(dec.array(), start, dec.remaining());
                long[] state = {r.readBits(64), XorValueCodec.NO_WINDOW};
                vs[0] = Double.longBitsToDouble(state[0]);
                for (int i = 1; i < n; i++) {
                    XorValueCodec.read(r, state);
                    vs[i] = Double.longBitsToDouble(state[0]);
                }
                if (r.overrun()) {
                    throw new CorruptDataException("dense chunk values end early");
                }
            }
            case DECIMAL_DELTA, DECIMAL_DOUBLE_DELTA -> {
                int exponent = (int) dec.getVarint();
                if (exponent <= -POWERS.length || exponent >= POWERS.length) {
                    throw new CorruptDataException("dense chunk exponent " + exponent);
                }
                long m = dec.getVarint();
                vs[0] = toDouble(m, exponent);
                long delta = 0;
                for (int i = 1; i < n; i++) {
                    long d = dec.getVarint();
                    delta = mode == DECIMAL_DELTA ? d : delta + d;
                    m += delta;
                    vs[i] = toDouble(m, exponent);
                }
            }
            default -> throw new CorruptDataException("dense chunk value mode " + mode);
        }
        return n;
    }
}

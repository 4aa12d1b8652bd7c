package dev.panoptes.logs.store;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One chunk's entries decompressed for reading: the payload bytes, and per entry its time and
 * where its line's UTF-8 bytes are in the payload. Lines become Strings only when asked for, so
 * that a filter can reject a line on its bytes ({@link LineConditions}) without building it. Lines
 * lie in the payload in entry order at increasing offsets, which the filters rely on to search
 * every line of a chunk in one forward pass. A reader reuses one instance from chunk to chunk.
 *
 * <p>Not thread-safe.
 */
final class DecodedChunk {

    private byte[] raw = new byte[0];
    private int rawLength;
    private int size;
    private long[] times = new long[64];
    private int[] lineStart = new int[64];
    private int[] lineLength = new int[64];
    /** Null when no entry has structured metadata (the usual case). */
    private Labels[] metadata;
    /** {@link #text()}, built on first use after each decode or fill. */
    private String text;

    /** Decompresses and indexes {@code chunk}, replacing what this held. */
    void decode(LogChunk chunk) {
        raw = chunk.decompress(raw);
        rawLength = chunk.rawLength();
        text = null;
        int n = chunk.entries();
        ensure(n);
        size = n;
        metadata = null;
        DecodeBuffer in = new DecodeBuffer(raw, 0, rawLength);
        if (chunk.version() == LogChunk.VERSION_ROWS) {
            decodeRows(in, chunk.minTime(), n);
        } else {
            decodeColumns(in, chunk.version(), chunk.minTime(), n);
        }
    }

    private void decodeColumns(DecodeBuffer in, int version, long minTime, int n) {
        long t = minTime;
        for (int i = 0; i < n; i++) {
            t += in.getUvarint();
            times[i] = t;
        }
        for (int i = 0; i < n; i++) {
            lineLength[i] = in.getUvarintInt();
        }
        int metadataBytes = in.getUvarintInt();
        if (metadataBytes > 0) {
            metadata = new Labels[n];
            if (version == LogChunk.VERSION_METADATA_PER_ENTRY) {
                for (int i = 0; i < n; i++) {
                    metadata[i] = readMetadata(in);
                }
            } else {
                // Entries that share a label set share its instance: readers that cache by identity hit.
                int distinct = in.getUvarintInt();
                if (distinct < 1 || distinct > n) {
                    throw new CorruptDataException("log chunk of " + n + " entries has " + distinct + " distinct metadata sets");
                }
                Labels[] sets = new Labels[distinct];
                for (int k = 0; k < distinct; k++) {
                    sets[k] = readMetadata(in);
                }
                for (int i = 0; i < n; i++) {
                    int k = in.getUvarintInt();
                    if (k >= distinct) {
                        throw new CorruptDataException("log chunk entry " + i + " names metadata set " + k + " of " + distinct);
                    }
                    metadata[i] = sets[k];
                }
            }
        }
        int at = in.position();
        for (int i = 0; i < n; i++) {
            lineStart[i] = at;
            at += lineLength[i];
        }
        if (at != rawLength) {
            throw new CorruptDataException("log chunk lines end at " + at + ", payload has " + rawLength + " bytes");
        }
    }

    private void decodeRows(DecodeBuffer in, long minTime, int n) {
        long t = minTime;
        Labels[] md = null;
        for (int i = 0; i < n; i++) {
            t += in.getUvarint();
            times[i] = t;
            lineLength[i] = in.getUvarintInt();
            lineStart[i] = in.position();
            in.skip(lineLength[i]);
            Labels m = readMetadata(in);
            if (!m.isEmpty()) {
                md = md != null ? md : filledEmpty(n);
                md[i] = m;
            }
        }
        metadata = md;
    }

    private static Labels[] filledEmpty(int n) {
        Labels[] md = new Labels[n];
        Arrays.fill(md, Labels.empty());
        return md;
    }

    private static Labels readMetadata(DecodeBuffer in) {
        int count = in.getUvarintInt();
        if (count == 0) {
            return Labels.empty();
        }
        Labels.Builder b = Labels.builder();
        for (int k = 0; k < count; k++) {
            b.set(in.getString(), in.getString());
        }
        return b.build();
    }

    /** Holds the entries {@code 0..n-1} of a (sorted) buffer, their lines encoded to UTF-8. */
    void fill(EntryBuffer entries) {
        int n = entries.size();
        ensure(n);
        size = n;
        metadata = null;
        int capacity = (int) Math.min(Integer.MAX_VALUE - 16, entries.lineBytes());
        if (raw.length < capacity) {
            raw = new byte[capacity];
        }
        int at = 0;
        for (int i = 0; i < n; i++) {
            byte[] line = entries.line(i).getBytes(StandardCharsets.UTF_8);
            times[i] = entries.time(i);
            lineStart[i] = at;
            lineLength[i] = line.length;
            System.arraycopy(line, 0, raw, at, line.length);
            at += line.length;
            if (!entries.metadata(i).isEmpty()) {
                metadata = metadata != null ? metadata : filledEmpty(n);
                metadata[i] = entries.metadata(i);
            }
        }
        rawLength = at;
        text = null;
    }

    private void ensure(int n) {
        if (times.length < n) {
            int grown = Math.max(n, times.length * 2);
            times = new long[grown];
            lineStart = new int[grown];
            lineLength = new int[grown];
        }
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[i];
    }

    /** The payload; lines are at {@link #lineStart}, {@link #lineLength}. */
    byte[] bytes() {
        return raw;
    }

    int bytesLength() {
        return rawLength;
    }

    /**
     * The payload as a Latin-1 string, one char per byte, made once per chunk: a UTF-8 string
     * occurs in a line exactly where its bytes do, so lines can be searched in it with
     * {@link String#indexOf(String, int, int)}, which the JVM runs as a vectorised intrinsic,
     * without a String per line.
     */
    String text() {
        if (text == null) {
            text = new String(raw, 0, rawLength, StandardCharsets.ISO_8859_1);
        }
        return text;
    }

    int lineStart(int i) {
        return lineStart[i];
    }

    int lineLength(int i) {
        return lineLength[i];
    }

    String line(int i) {
        return new String(raw, lineStart[i], lineLength[i], StandardCharsets.UTF_8);
    }

    Labels metadata(int i) {
        return metadata == null ? Labels.empty() : metadata[i];
    }

    /** The first entry at or after {@code t} (entries are in time order), or {@link #size()}. */
    int firstAtOrAfter(long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

package dev.panoptes.core.objstore;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A {@link RangeReader} that answers each read with a ranged get of its store. */
final class RangedGetReader implements RangeReader {

    private final ObjectStore store;
    private final String key;
    private final long size;

    RangedGetReader(ObjectStore store, String key, long size) {
        this.store = store;
        this.key = key;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void readFully(long offset, byte[] dst, int dstOffset, int length) throws IOException {
        try (InputStream in = store.getRange(key, offset, length)) {
            int n = in.readNBytes(dst, dstOffset, length);
            if (n != length) {
                throw new EOFException("'" + key + "' ends before byte " + (offset + length));
            }
        }
    }

    @Override
    public void close() {
        // Nothing is held between reads.
    }
}

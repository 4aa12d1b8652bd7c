package dev.panoptes.logs.store;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.objstore.RangeReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@code blooms} object of one block, kept open as a {@link RangeReader} (memory-mapped for
 * the local store) so that its chunk filters are read when a query tests them instead of living
 * on the heap: a filter is ~0.4 % of the raw lines it covers, which is gigabytes of heap per
 * terabyte of logs if kept resident, while the page cache keeps the ones in use warm.
 *
 * <p>Reads may run concurrently. Closed when its block is deleted or the store closes; the block's
 * use count guarantees no scan still reads it then.
 */
final class StoredBlooms implements AutoCloseable {

    private final String key;
    private final RangeReader reader;
    private final ChunkBloom.Scheme scheme;

    StoredBlooms(String key, RangeReader reader, ChunkBloom.Scheme scheme) {
        this.key = key;
        this.reader = reader;
        this.scheme = scheme;
    }

    long size() {
        return reader.size();
    }

    /** The filter at {@code offset}, {@code length} bytes long. */
    ChunkBloom load(long offset, int length, boolean coversMetadata) {
        byte[] bytes = new byte[length];
        try {
            reader.readFully(offset, bytes, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a bloom filter from " + key, e);
        }
        try {
            return ChunkBloom.over(bytes, scheme, coversMetadata);
        } catch (CorruptDataException e) {
            throw new CorruptDataException(key + "@" + offset + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}

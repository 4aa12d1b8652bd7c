package dev.panoptes.core.objstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A flat store of immutable objects addressed by key, the place where every pillar keeps its
 * blocks: a directory on local disk by default, an S3-compatible bucket when scaled out.
 *
 * <p>The contract is the common ground of a file system and S3, so that an implementation of
 * either passes the same {@code ObjectStoreContract} test:
 * <ul>
 *   <li>Keys are {@code /}-separated paths of non-empty segments (see {@link ObjectKeys}); there
 *       are no directories, only keys that share a prefix.</li>
 *   <li>A put is atomic: a reader sees either no object or the whole new object, never a part,
 *       even if the writer crashes. A put replaces an existing object of the same key.</li>
 *   <li>Once a put returns, the object is durable and visible to every later get and list.</li>
 *   <li>Get of a missing key throws {@link ObjectNotFoundException}; delete of a missing key is
 *       not an error.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface ObjectStore extends AutoCloseable {

    /** Stores {@code data} under {@code key}, atomically. */
    void put(String key, byte[] data) throws IOException;

    /**
     * Stores the next {@code length} bytes of {@code data} under {@code key}, atomically. The
     * length is given up front because S3 needs it before the body; a stream that ends early fails
     * the put and leaves nothing visible.
     */
    void put(String key, InputStream data, long length) throws IOException;

    /** Stores the content of a local file under {@code key}, atomically. */
    void put(String key, Path file) throws IOException;

    /** Returns the whole object. */
    byte[] get(String key) throws IOException;

    /**
     * Returns a stream over the object from {@code offset} for at most {@code length} bytes; fewer
     * when the object ends first. The caller closes the stream.
     */
    InputStream getRange(String key, long offset, long length) throws IOException;

    /**
     * Opens an object for repeated positional reads. This default answers each read with a
     * ranged get; stores that can keep an object open (a local file) do better.
     */
    default RangeReader openRangeReader(String key) throws IOException {
        long size = stat(key).size();
        return new RangedGetReader(this, key, size);
    }

    /** Returns the size and modification time of an object. */
    ObjectInfo stat(String key) throws IOException;

    /** Lists every object whose key starts with {@code prefix} ({@code ""} for all), sorted by key. */
    List<ObjectInfo> list(String prefix) throws IOException;

    /** Removes an object; removing a missing object is not an error. */
    void delete(String key) throws IOException;

    @Override
    void close() throws IOException;
}

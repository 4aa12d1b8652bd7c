package dev.panoptes.logs.store;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectInfo;
import dev.panoptes.core.objstore.ObjectStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's log blocks in the object store, under a prefix ({@code docs/formats/log-block.md}):
 * writing a block stream by stream ({@link Writer}: chunks staged in a local file, then
 * {@code chunks}, {@code blooms}, {@code index} and, last, {@code meta.json}); finding the
 * complete blocks (and deleting what a crash left of incomplete ones); fetching one chunk by its
 * byte range; deleting a block, its {@code meta.json} first.
 *
 * <p>Thread-safe.
 */
final class LogBlockStore {

    private static final Logger LOG = LoggerFactory.getLogger(LogBlockStore.class);

    private final ObjectStore objects;
    private final String prefix;
    private final Path staging;
    private int suffix;

    LogBlockStore(ObjectStore objects, String prefix, Path staging) {
        this.objects = objects;
        this.prefix = prefix;
        this.staging = staging;
    }

    /**
     * The metadata of every complete block, by id in time order; objects of incomplete blocks are
     * deleted, and so are staging files a crash left behind.
     */
    Map<String, LogBlockMeta> completeBlocks() throws IOException {
        if (Files.isDirectory(staging)) {
            try (java.util.stream.Stream<Path> files = Files.list(staging)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
        }
        Map<String, LogBlockMeta> metas = new TreeMap<>();
        Map<String, List<String>> keysByBlock = new TreeMap<>();
        for (ObjectInfo info : objects.list(prefix)) {
            String rest = info.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                keysByBlock.computeIfAbsent(rest.substring(0, slash), b -> new ArrayList<>()).add(info.key());
            }
        }
        for (Map.Entry<String, List<String>> block : keysByBlock.entrySet()) {
            String metaKey = prefix + block.getKey() + "/meta.json";
            if (block.getValue().contains(metaKey)) {
                metas.put(block.getKey(), LogBlockMeta.parse(block.getKey(), objects.get(metaKey)));
            } else {
                LOG.warn("Deleting the objects of log block {}, which a crash left without meta.json", block.getKey());
                for (String key : block.getValue()) {
                    objects.delete(key);
                }
            }
        }
        return metas;
    }

    /** Opens a stored block for service: its index read, its {@code blooms} object kept open for the filters. */
    LogBlock open(LogBlockMeta meta) throws IOException {
        String id = meta.id();
        byte[] index = objects.get(prefix + id + "/index");
        StoredBlooms blooms = new StoredBlooms(prefix + id + "/blooms", objects.openRangeReader(prefix + id + "/blooms"),
                LogBlockIndex.scheme(index));
        try {
            return new LogBlock(meta, LogBlockIndex.decode(index, prefix + id + "/chunks", blooms), blooms);
        } catch (RuntimeException e) {
            blooms.close();
            throw e;
        }
    }

    /** Deletes a block's objects, {@code meta.json} first so that it is never seen half-deleted. */
    void delete(String id) throws IOException {
        objects.delete(prefix + id + "/meta.json");
        for (ObjectInfo info : objects.list(prefix + id + "/")) {
            objects.delete(info.key());
        }
    }

    /** Starts a block of compaction {@code level} holding the data of flush blocks {@code sources} (none: this new block's own id). */
    Writer writer(int walThrough, int level, List<String> sources) throws IOException {
        String id = String.format("%013d-%08x", System.currentTimeMillis(), nextSuffix());
        return new Writer(id, walThrough, level, sources.isEmpty() ? List.of(id) : sources);
    }

    private synchronized int nextSuffix() {
        return suffix++;
    }

    /** Fetches and verifies a flushed chunk. */
    LogChunk fetch(BlockChunkRef ref) {
        try (InputStream in = objects.getRange(ref.chunksKey(), ref.offset(), ref.length())) {
            byte[] bytes = in.readNBytes(ref.length());
            if (bytes.length != ref.length()) {
                throw new CorruptDataException("log chunk at " + ref.chunksKey() + "@" + ref.offset() + " is cut short");
            }
            return LogChunk.decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a log chunk from " + ref.chunksKey(), e);
        }
    }

    /**
     * Writes one block: {@link #beginStream}, the stream's chunks with {@link #add}, the next
     * stream, then {@link #finish}. Chunks go to a staging file as they come, so a block larger
     * than memory can be written; the rest (filters, index) is small and kept until the end.
     * Not thread-safe; close it if {@link #finish} is not reached.
     */
    final class Writer implements AutoCloseable {
        private final String id;
        private final int walThrough;
        private final int level;
        private final List<String> sources;
        private final Path file;
        private final OutputStream out;
        private final String chunksKey;
        private final List<LogBlockIndex.WrittenStream> streams = new ArrayList<>();
        private Labels current;
        private List<LogBlockIndex.WrittenChunk> refs;
        private long offset;
        private long minTime = Long.MAX_VALUE;
        private long maxTime = Long.MIN_VALUE;
        private long entries;
        private long lineBytes;
        private boolean finished;

        private Writer(String id, int walThrough, int level, List<String> sources) throws IOException {
            this.id = id;
            this.walThrough = walThrough;
            this.level = level;
            this.sources = sources;
            Files.createDirectories(staging);
            this.file = staging.resolve(id + ".chunks");
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            this.chunksKey = prefix + id + "/chunks";
        }

        String id() {
            return id;
        }

        void beginStream(Labels labels) {
            endStream();
            current = labels;
            refs = new ArrayList<>();
        }

        /** Appends a chunk of the current stream with its filter. */
        void add(LogChunk chunk, ChunkBloom bloom) throws IOException {
            out.write(chunk.bytes());
            refs.add(new LogBlockIndex.WrittenChunk(offset, chunk.encodedBytes(), chunk.minTime(), chunk.maxTime(), chunk.entries(),
                    chunk.lineBytes(), bloom));
            offset += chunk.encodedBytes();
            minTime = Math.min(minTime, chunk.minTime());
            maxTime = Math.max(maxTime, chunk.maxTime());
            entries += chunk.entries();
            lineBytes += chunk.lineBytes();
        }

        private void endStream() {
            if (current != null && !refs.isEmpty()) {
                streams.add(new LogBlockIndex.WrittenStream(current, refs));
            }
            current = null;
        }

        /**
         * Stores the block, {@code meta.json} last; returns it opened for service (its filters read
         * from the stored {@code blooms}, none kept on the heap), or null when no chunk was added.
         */
        LogBlock finish() throws IOException {
            endStream();
            out.close();
            finished = true;
            try {
                if (streams.isEmpty()) {
                    return null;
                }
                List<LogBlockIndex.WrittenStream> sorted = new ArrayList<>(streams);
                sorted.sort((a, b) -> a.labels().compareTo(b.labels()));
                EncodeBuffer blooms = new EncodeBuffer(1 << 16);
                byte[] indexBytes = LogBlockIndex.encode(sorted, blooms);
                LogBlockMeta meta = new LogBlockMeta(id, walThrough, minTime, maxTime, level, sources, sorted.size(), entries, lineBytes, offset,
                        blooms.length());
                objects.put(chunksKey, file);
                objects.put(prefix + id + "/blooms", blooms.toByteArray());
                objects.put(prefix + id + "/index", indexBytes);
                objects.put(prefix + id + "/meta.json", meta.toJson());
                return open(meta);
            } finally {
                Files.deleteIfExists(file);
            }
        }

        @Override
        public void close() throws IOException {
            if (!finished) {
                out.close();
                Files.deleteIfExists(file);
            }
        }
    }
}

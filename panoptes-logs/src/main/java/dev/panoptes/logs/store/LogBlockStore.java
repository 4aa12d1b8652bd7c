package dev.panoptes.logs.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectInfo;
import dev.panoptes.core.objstore.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's log blocks in the object store, under a prefix ({@code docs/formats/log-block.md}):
 * writing a flush's chunks as {@code chunks}, their filters as {@code blooms}, then {@code index}
 * and, last, {@code meta.json}; finding
 * the complete blocks (and deleting what a crash left of incomplete ones); fetching one chunk by
 * its byte range.
 *
 * <p>Thread-safe.
 */
final class LogBlockStore {

    private static final Logger LOG = LoggerFactory.getLogger(LogBlockStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore objects;
    private final String prefix;
    private int suffix;

    LogBlockStore(ObjectStore objects, String prefix) {
        this.objects = objects;
        this.prefix = prefix;
    }

    /** What a write produced: the block's id and, per stream in the order given, its chunks' references. */
    record Written(String id, List<List<BlockChunkRef>> refs) {
    }

    /** The {@code meta.json} of every complete block, by id in time order; objects of incomplete blocks are deleted. */
    Map<String, JsonNode> completeBlocks() throws IOException {
        Map<String, JsonNode> metas = new TreeMap<>();
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
                metas.put(block.getKey(), JSON.readTree(objects.get(metaKey)));
            } else {
                LOG.warn("Deleting the objects of log block {}, which a crash left without meta.json", block.getKey());
                for (String key : block.getValue()) {
                    objects.delete(key);
                }
            }
        }
        return metas;
    }

    LogBlockIndex index(String id) throws IOException {
        return LogBlockIndex.decode(objects.get(prefix + id + "/index"), prefix + id + "/chunks", objects.get(prefix + id + "/blooms"));
    }

    /** Writes the chunks of {@code streams} as one block covering the log through segment {@code walThrough}. */
    Written write(List<Labels> streams, List<List<LogChunk>> chunks, int walThrough) throws IOException {
        String id = String.format("%013d-%08x", System.currentTimeMillis(), nextSuffix());
        String chunksKey = prefix + id + "/chunks";
        EncodeBuffer bytes = new EncodeBuffer(1 << 20);
        List<LogBlockIndex.Stream> indexed = new ArrayList<>(streams.size());
        List<List<BlockChunkRef>> refsByStream = new ArrayList<>(streams.size());
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        long entries = 0;
        long lineBytes = 0;
        for (int s = 0; s < streams.size(); s++) {
            List<BlockChunkRef> refs = new ArrayList<>();
            for (LogChunk chunk : chunks.get(s)) {
                refs.add(new BlockChunkRef(chunksKey, bytes.length(), chunk.encodedBytes(), chunk.minTime(), chunk.maxTime(), chunk.entries(), chunk.lineBytes(),
                        chunk.bloom()));
                bytes.putBytes(chunk.bytes(), 0, chunk.encodedBytes());
                minTime = Math.min(minTime, chunk.minTime());
                maxTime = Math.max(maxTime, chunk.maxTime());
                entries += chunk.entries();
                lineBytes += chunk.lineBytes();
            }
            refsByStream.add(refs);
            indexed.add(new LogBlockIndex.Stream(streams.get(s), refs));
        }
        indexed.sort((a, b) -> a.labels().compareTo(b.labels()));
        ObjectNode meta = JSON.createObjectNode();
        meta.put("version", 1).put("walSegmentThrough", walThrough).put("minTime", minTime).put("maxTime", maxTime)
                .put("streams", streams.size()).put("entries", entries).put("lineBytes", lineBytes).put("chunkBytes", bytes.length());
        EncodeBuffer blooms = new EncodeBuffer(1 << 16);
        byte[] index = new LogBlockIndex(indexed).encode(blooms);
        meta.put("bloomBytes", blooms.length());
        objects.put(chunksKey, bytes.toByteArray());
        objects.put(prefix + id + "/blooms", blooms.toByteArray());
        objects.put(prefix + id + "/index", index);
        objects.put(prefix + id + "/meta.json", JSON.writeValueAsBytes(meta));
        return new Written(id, refsByStream);
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
}

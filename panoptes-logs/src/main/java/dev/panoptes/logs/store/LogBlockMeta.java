package dev.panoptes.logs.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A log block's {@code meta.json} ({@code docs/formats/log-block.md}): its time range, the last
 * write-ahead log segment its flushes covered, its compaction level (0 for a flush, one more than
 * its highest source for a merge or rewrite) and the ids of the flush blocks whose data it holds.
 * A block whose sources another block of a higher level also holds is redundant: a merge or
 * rewrite finished writing its replacement but not deleting it.
 */
record LogBlockMeta(String id, int walSegmentThrough, long minTime, long maxTime, int level, List<String> sources, int streams, long entries,
                    long lineBytes, long chunkBytes, long bloomBytes) {

    private static final ObjectMapper JSON = new ObjectMapper();

    LogBlockMeta {
        sources = List.copyOf(sources);
    }

    boolean overlaps(long from, long to) {
        return minTime <= to && maxTime >= from;
    }

    byte[] toJson() {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("version", 1).put("walSegmentThrough", walSegmentThrough).put("minTime", minTime).put("maxTime", maxTime)
                .put("level", level);
        ArrayNode list = meta.putArray("sources");
        sources.forEach(list::add);
        meta.put("streams", streams).put("entries", entries).put("lineBytes", lineBytes).put("chunkBytes", chunkBytes)
                .put("bloomBytes", bloomBytes);
        try {
            return JSON.writeValueAsBytes(meta);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a block's metadata; a flush block written before levels existed is level 0 and its own source. */
    static LogBlockMeta parse(String id, byte[] json) throws java.io.IOException {
        JsonNode node = JSON.readTree(json);
        List<String> sources = new ArrayList<>();
        node.path("sources").forEach(s -> sources.add(s.asText()));
        if (sources.isEmpty()) {
            sources.add(id);
        }
        return new LogBlockMeta(id, node.path("walSegmentThrough").asInt(-1), node.path("minTime").asLong(), node.path("maxTime").asLong(),
                node.path("level").asInt(0), sources, node.path("streams").asInt(), node.path("entries").asLong(), node.path("lineBytes").asLong(),
                node.path("chunkBytes").asLong(), node.path("bloomBytes").asLong());
    }
}

package dev.panoptes.metrics.tsdb.block;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.util.List;

/**
 * A block's {@code meta.json}: its id, the time range it covers ({@code [minTime, maxTime)}, in
 * ms), what it holds, and how it was made. Written last, so a block without it is incomplete and
 * ignored.
 *
 * @param level 1 for a block cut from the head, one more than the highest source for a compacted one
 * @param sources the ids of the level-1 blocks whose data this block holds
 */
public record BlockMeta(int version, String id, long minTime, long maxTime, long numSeries, long numSamples, long numChunks,
                        int level, List<String> sources) {

    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public BlockMeta {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode block metadata", e);
        }
    }

    public static BlockMeta fromJson(byte[] json) throws IOException {
        BlockMeta meta = JSON.readValue(json, BlockMeta.class);
        if (meta.version() != VERSION) {
            throw new IOException("block " + meta.id() + " has format version " + meta.version() + ", this build reads " + VERSION);
        }
        return meta;
    }

    /** Whether the block holds any sample in {@code [mint, maxt]} (inclusive, as queriers take them). */
    public boolean overlaps(long mint, long maxt) {
        return minTime <= maxt && maxTime > mint;
    }
}

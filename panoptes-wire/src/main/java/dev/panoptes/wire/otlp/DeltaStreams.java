package dev.panoptes.wire.otlp;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The delta streams one converter tracks: their accumulated state by stream identity, in order of
 * last use, so that streams idle for longer than the staleness limit are found at the head and
 * evicted without scanning the rest. Bounded: a new stream beyond the limit is refused unless a
 * stale one can make room, so a flood of new streams never evicts live ones.
 *
 * <p>Not thread-safe; {@link DeltaToCumulative} serialises access.
 */
final class DeltaStreams {

    /**
     * What identifies a delta stream: its resource, its scope, the metric (name, unit, kind and
     * monotonicity) and the point's attributes. Attribute lists are sorted by key so that the same
     * set sent in another order is the same stream.
     */
    record Key(List<KeyValue> resource, String scopeName, String scopeVersion, List<KeyValue> scopeAttributes,
               String metric, String unit, int kind, List<KeyValue> attributes) {
    }

    /** A tracked stream: the time it started, the newest point's time (ns) and its accumulated state. */
    static final class Stream {
        long startNanos;
        long lastNanos;
        long lastSeen;
        Object state;
    }

    /** Handed back for points without a recorded value, which pass through without touching state. */
    static final Stream UNRECORDED = new Stream();

    private static final Comparator<KeyValue> BY_KEY = Comparator.comparing(KeyValue::getKey);

    private final LinkedHashMap<Key, Stream> streams = new LinkedHashMap<>(256, 0.75f, true);
    private final long maxStaleNanos;
    private final int maxStreams;

    DeltaStreams(long maxStaleNanos, int maxStreams) {
        this.maxStaleNanos = maxStaleNanos;
        this.maxStreams = maxStreams;
    }

    /** Drops streams not seen for longer than the staleness limit; returns how many. */
    int evictStale(long now) {
        int evicted = 0;
        Iterator<Map.Entry<Key, Stream>> it = streams.entrySet().iterator();
        while (it.hasNext()) {
            Stream eldest = it.next().getValue();
            if (now - eldest.lastSeen <= maxStaleNanos) {
                break;
            }
            it.remove();
            evicted++;
        }
        return evicted;
    }

    /** The stream under {@code key}, marked as seen now; null when not tracked. */
    Stream get(Key key, long now) {
        Stream stream = streams.get(key);
        if (stream != null) {
            stream.lastSeen = now;
        }
        return stream;
    }

    /** Starts tracking {@code key}; null when the limit is reached and no stream is stale. */
    Stream add(Key key, long now) {
        if (streams.size() >= maxStreams && evictStale(now) == 0) {
            return null;
        }
        Stream stream = new Stream();
        stream.lastSeen = now;
        streams.put(key, stream);
        return stream;
    }

    int size() {
        return streams.size();
    }

    int maxStreams() {
        return maxStreams;
    }

    /** The attributes in key order (the list itself when already sorted). */
    static List<KeyValue> sorted(List<KeyValue> attributes) {
        for (int i = 1; i < attributes.size(); i++) {
            if (attributes.get(i - 1).getKey().compareTo(attributes.get(i).getKey()) > 0) {
                List<KeyValue> copy = new ArrayList<>(attributes);
                copy.sort(BY_KEY);
                return List.copyOf(copy);
            }
        }
        return attributes;
    }
}

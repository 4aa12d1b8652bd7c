package dev.panoptes.metrics.tsdb.head;

import dev.panoptes.metrics.storage.Exemplar;
import dev.panoptes.metrics.storage.SampleRejectedException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded ring of exemplars for one tenant: when full, the oldest exemplar of any series is
 * overwritten. Each series' exemplars are chained oldest to newest through the ring, so a query
 * visits only the series it matched.
 *
 * <p>Thread-safe by locking; exemplars are few (one per scrape of a histogram at most), so a
 * single monitor does not contend.
 */
final class ExemplarStore {

    /** The combined length of an exemplar's label names and values, in characters, that Prometheus and OpenMetrics allow. */
    static final int MAX_LABELS_LENGTH = 128;

    private final Exemplar[] ring;
    private final int[] seriesOf;
    private final int[] nextOf;
    /** Series id to {oldest index, newest index} in the ring. */
    private final Map<Integer, int[]> chains = new HashMap<>();
    private int nextSlot;
    private boolean wrapped;

    ExemplarStore(int capacity) {
        ring = new Exemplar[capacity];
        seriesOf = new int[capacity];
        nextOf = new int[capacity];
    }

    /**
     * Whether {@code exemplar} may be added to series {@code id}: null when it may (or is an exact
     * repeat of the newest, which {@link #add} ignores), otherwise why not.
     */
    synchronized Reason check(int id, Exemplar exemplar) {
        int length = 0;
        for (int i = 0; i < exemplar.labels().size(); i++) {
            length += exemplar.labels().name(i).length() + exemplar.labels().value(i).length();
        }
        if (length > MAX_LABELS_LENGTH) {
            return Reason.EXEMPLAR_LABELS_TOO_LONG;
        }
        int[] chain = chains.get(id);
        if (chain == null) {
            return null;
        }
        Exemplar newest = ring[chain[1]];
        if (exemplar.timestampMs() < newest.timestampMs()) {
            return Reason.EXEMPLAR_OUT_OF_ORDER;
        }
        return null;
    }

    synchronized void add(int id, Exemplar exemplar) {
        if (ring.length == 0 || check(id, exemplar) != null) {
            return;
        }
        int[] chain = chains.get(id);
        if (chain != null && ring[chain[1]].equals(exemplar)) {
            return;
        }
        int slot = nextSlot;
        if (wrapped) {
            evict(slot);
        }
        ring[slot] = exemplar;
        seriesOf[slot] = id;
        nextOf[slot] = -1;
        chain = chains.get(id);
        if (chain == null) {
            chains.put(id, new int[] {slot, slot});
        } else {
            nextOf[chain[1]] = slot;
            chain[1] = slot;
        }
        nextSlot = (slot + 1) % ring.length;
        if (nextSlot == 0) {
            wrapped = true;
        }
    }

    /** Unlinks the exemplar in {@code slot}, which is the oldest of its series. */
    private void evict(int slot) {
        if (ring[slot] == null) {
            return;
        }
        int id = seriesOf[slot];
        int[] chain = chains.get(id);
        if (chain != null && chain[0] == slot) {
            if (chain[1] == slot) {
                chains.remove(id);
            } else {
                chain[0] = nextOf[slot];
            }
        }
        ring[slot] = null;
    }

    /** The exemplars of series {@code id} with timestamps in {@code [start, end]}, oldest first. */
    synchronized List<Exemplar> select(int id, long start, long end) {
        int[] chain = chains.get(id);
        if (chain == null) {
            return List.of();
        }
        List<Exemplar> result = new ArrayList<>();
        for (int slot = chain[0]; slot >= 0; slot = nextOf[slot]) {
            Exemplar e = ring[slot];
            if (e.timestampMs() >= start && e.timestampMs() <= end) {
                result.add(e);
            }
            if (slot == chain[1]) {
                break;
            }
        }
        return result;
    }

    synchronized boolean hasSeries(int id) {
        return chains.containsKey(id);
    }

    /** Forgets a series that left the head; its slots are reclaimed as the ring wraps. */
    synchronized void removeSeries(int id) {
        int[] chain = chains.remove(id);
        if (chain == null) {
            return;
        }
        for (int slot = chain[0]; slot >= 0; slot = nextOf[slot]) {
            ring[slot] = null;
            if (slot == chain[1]) {
                break;
            }
        }
    }
}

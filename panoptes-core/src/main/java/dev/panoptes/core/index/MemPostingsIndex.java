package dev.panoptes.core.index;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * The in-memory inverted index of a store's recent entries: label name, then value in sorted
 * order, then the RoaringBitmap of the ids carrying the pair.
 *
 * <p>Thread-safe: additions and removals take a write lock, lookups a read lock, and every
 * bitmap handed out is a copy, so a query's result never changes under it.
 */
public final class MemPostingsIndex {

    private static final RoaringBitmap EMPTY = new RoaringBitmap();

    private final Map<String, NavigableMap<String, RoaringBitmap>> postings = new HashMap<>();
    private final RoaringBitmap all = new RoaringBitmap();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Reader reader = new Reader();

    /** Indexes entry {@code id} under each of its labels. */
    public void add(int id, Labels labels) {
        lock.writeLock().lock();
        try {
            for (int i = 0; i < labels.size(); i++) {
                postings.computeIfAbsent(labels.name(i), n -> new TreeMap<>())
                        .computeIfAbsent(labels.value(i), v -> new RoaringBitmap())
                        .add(id);
            }
            all.add(id);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes entry {@code id}, which was added with {@code labels}; empty lists are dropped. */
    public void remove(int id, Labels labels) {
        lock.writeLock().lock();
        try {
            for (int i = 0; i < labels.size(); i++) {
                NavigableMap<String, RoaringBitmap> values = postings.get(labels.name(i));
                if (values == null) {
                    continue;
                }
                RoaringBitmap list = values.get(labels.value(i));
                if (list != null) {
                    list.remove(id);
                    if (list.isEmpty()) {
                        values.remove(labels.value(i));
                        if (values.isEmpty()) {
                            postings.remove(labels.name(i));
                        }
                    }
                }
            }
            all.remove(id);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The ids satisfying every matcher. */
    public RoaringBitmap select(List<LabelMatcher> matchers) {
        lock.readLock().lock();
        try {
            return PostingsMatcher.select(reader, matchers);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The label names carried by at least one id of {@code among} (all ids when null), sorted. */
    public List<String> labelNames(RoaringBitmap among) {
        lock.readLock().lock();
        try {
            TreeMap<String, Boolean> names = new TreeMap<>();
            for (Map.Entry<String, NavigableMap<String, RoaringBitmap>> entry : postings.entrySet()) {
                if (among == null) {
                    names.put(entry.getKey(), Boolean.TRUE);
                    continue;
                }
                for (RoaringBitmap list : entry.getValue().values()) {
                    if (RoaringBitmap.intersects(list, among)) {
                        names.put(entry.getKey(), Boolean.TRUE);
                        break;
                    }
                }
            }
            return new ArrayList<>(names.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The values of {@code name} carried by at least one id of {@code among} (all when null), sorted. */
    public List<String> labelValues(String name, RoaringBitmap among) {
        lock.readLock().lock();
        try {
            NavigableMap<String, RoaringBitmap> values = postings.get(name);
            if (values == null) {
                return List.of();
            }
            List<String> result = new ArrayList<>();
            for (Map.Entry<String, RoaringBitmap> entry : values.entrySet()) {
                if (among == null || RoaringBitmap.intersects(entry.getValue(), among)) {
                    result.add(entry.getKey());
                }
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Visits every name, value and postings count, under the read lock (for statistics). */
    public void forEachPair(PairVisitor visitor) {
        lock.readLock().lock();
        try {
            for (Map.Entry<String, NavigableMap<String, RoaringBitmap>> entry : postings.entrySet()) {
                for (Map.Entry<String, RoaringBitmap> value : entry.getValue().entrySet()) {
                    visitor.visit(entry.getKey(), value.getKey(), value.getValue().getCardinality());
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Receives one name/value pair and how many ids carry it. */
    @FunctionalInterface
    public interface PairVisitor {
        void visit(String name, String value, int count);
    }

    /** How many ids carry {@code name=value}. */
    public int count(String name, String value) {
        lock.readLock().lock();
        try {
            RoaringBitmap list = reader.postings(name, value);
            return list.getCardinality();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The number of distinct ids. */
    public int size() {
        lock.readLock().lock();
        try {
            return all.getCardinality();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Visits each label name with its number of distinct values. */
    public void forEachName(BiConsumer<String, Integer> visitor) {
        lock.readLock().lock();
        try {
            postings.forEach((name, values) -> visitor.accept(name, values.size()));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Lookups for {@link PostingsMatcher}; only used with the read lock held. */
    private final class Reader implements PostingsReader {
        @Override
        public RoaringBitmap allPostings() {
            return all;
        }

        @Override
        public RoaringBitmap postings(String name, String value) {
            NavigableMap<String, RoaringBitmap> values = postings.get(name);
            RoaringBitmap list = values == null ? null : values.get(value);
            return list == null ? EMPTY : list;
        }

        @Override
        public Iterable<String> values(String name, String from) {
            NavigableMap<String, RoaringBitmap> values = postings.get(name);
            if (values == null) {
                return List.of();
            }
            return values.tailMap(from, true).keySet();
        }
    }
}

package dev.panoptes.metrics.tsdb.head;

import dev.panoptes.core.labels.Labels;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns label names and values so that every series sharing {@code job="node"} shares the two
 * strings. With a million series that have a handful of distinct names and a few thousand
 * distinct values, this is most of the difference between megabytes and gigabytes of labels.
 *
 * <p>Thread-safe. Strings are never evicted while the head lives; a head restart (or a rebuild
 * after truncation) starts a fresh table.
 */
final class SymbolTable {

    private final ConcurrentHashMap<String, String> symbols = new ConcurrentHashMap<>();

    String intern(String s) {
        String existing = symbols.putIfAbsent(s, s);
        return existing == null ? s : existing;
    }

    /** A copy of {@code labels} whose strings are the interned instances. */
    Labels intern(Labels labels) {
        String[] pairs = new String[labels.size() * 2];
        for (int i = 0; i < labels.size(); i++) {
            pairs[2 * i] = intern(labels.name(i));
            pairs[2 * i + 1] = intern(labels.value(i));
        }
        return Labels.ofSorted(pairs);
    }

    int size() {
        return symbols.size();
    }
}

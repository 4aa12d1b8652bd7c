package dev.panoptes.metrics.storage;

import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Helpers that queriers share to answer label name and value questions: collecting from a
 * selection, and applying a result limit.
 */
public final class LabelLists {

    private LabelLists() {
    }

    /** The first {@code limit} of already sorted, distinct strings (all of them when {@code limit <= 0}). */
    public static List<String> limited(Collection<String> sorted, int limit) {
        List<String> list = new ArrayList<>(sorted);
        return limit > 0 && list.size() > limit ? list.subList(0, limit) : list;
    }

    /** The distinct non-empty values of label {@code name} among the series of {@code set}, sorted. */
    public static TreeSet<String> valuesIn(SeriesSet set, String name) {
        TreeSet<String> values = new TreeSet<>();
        while (set.next()) {
            String value = set.at().labels().get(name);
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return values;
    }

    /** The distinct label names among the series of {@code set}, sorted. */
    public static TreeSet<String> namesIn(SeriesSet set) {
        TreeSet<String> names = new TreeSet<>();
        while (set.next()) {
            Labels labels = set.at().labels();
            for (int i = 0; i < labels.size(); i++) {
                names.add(labels.name(i));
            }
        }
        return names;
    }
}

package dev.panoptes.metrics.storage;

import java.util.List;

/**
 * What the query engine will do with a selection, so that storage can read less: the time range
 * it needs, and for a selection inside a function or aggregation, which one. Hints never change
 * the answer: storage may ignore them.
 *
 * @param start first millisecond the query needs (inclusive)
 * @param end last millisecond the query needs (inclusive)
 * @param step the step of a range query in milliseconds; 0 for an instant query
 * @param range the range of the enclosing range selector in milliseconds; 0 for none
 * @param function the function the series go into (such as {@code rate}); empty for none;
 *     {@code "series"} when only labels are needed
 * @param grouping the labels of an enclosing {@code by}/{@code without} aggregation
 * @param by whether {@code grouping} is a {@code by} list (true) or a {@code without} list
 */
public record SelectHints(long start, long end, long step, long range, String function, List<String> grouping, boolean by) {

    public SelectHints {
        function = function == null ? "" : function;
        grouping = grouping == null ? List.of() : List.copyOf(grouping);
    }

    /** Hints that say only the time range. */
    public static SelectHints range(long start, long end) {
        return new SelectHints(start, end, 0, 0, "", List.of(), false);
    }
}

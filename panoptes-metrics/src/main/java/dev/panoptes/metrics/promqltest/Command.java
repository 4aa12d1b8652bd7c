package dev.panoptes.metrics.promqltest;

import java.util.List;

/** One command of a test script. {@code line} is the 1-based line of its header. */
sealed interface Command permits Command.Load, Command.Clear, EvalCommand {

    int line();

    /**
     * {@code load <interval>} or {@code load_with_nhcb <interval>}: series lines whose n-th value
     * lies at n × interval. {@code startTimestamps} tells that the block gave {@code @st} lines.
     */
    record Load(int line, long intervalMillis, boolean withNhcb, List<SeriesLine> series, boolean startTimestamps)
            implements Command {
        public Load {
            series = List.copyOf(series);
        }
    }

    /** {@code clear}: drop all stored data. */
    record Clear(int line) implements Command {
    }
}

package dev.panoptes.logs.api;

import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The entries one live tail holds between the store and its client: at most {@code capacity}
 * wait, released oldest first once {@code delay} has passed since their timestamp (Loki's
 * {@code delay_for}, which lets late senders catch up). An entry that arrives when the buffer is
 * full is dropped and remembered as Loki reports it, by labels and timestamp, up to
 * {@code maxDropped} of them, so a slow client costs bounded memory and learns what it missed.
 *
 * <p>Thread-safe: entries arrive on pushing threads, frames are taken on the event loop.
 */
final class TailBuffer {

    /** One entry as the client sees it: its labels (stream and structured metadata), time and line. */
    record Entry(Labels labels, long time, String line, long arrival) {
    }

    /** An entry left out, as Loki's {@code dropped_entries} names it. */
    record Dropped(Labels labels, long time) {
    }

    /** What one frame carries: entries oldest first, and the drops since the previous frame. */
    record Frame(List<Entry> entries, List<Dropped> dropped) {
    }

    private final int capacity;
    private final int maxDropped;
    private final PriorityQueue<Entry> waiting = new PriorityQueue<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time)
            : Long.compare(a.arrival, b.arrival));
    private final List<Dropped> dropped = new ArrayList<>();
    private long arrivals;
    private Set<Seen> seen = Set.of();

    /** An entry by what makes it the same entry: labels, time and line. */
    record Seen(Labels labels, long time, String line) {
    }

    TailBuffer(int capacity, int maxDropped) {
        this.capacity = capacity;
        this.maxDropped = maxDropped;
    }

    /** Keeps an entry, or drops it when the buffer is full; returns whether it was kept. */
    synchronized boolean offer(Labels labels, long time, String line) {
        if (!seen.isEmpty() && seen.contains(new Seen(labels, time, line))) {
            return true;
        }
        if (waiting.size() >= capacity) {
            if (dropped.size() < maxDropped) {
                dropped.add(new Dropped(labels, time));
            }
            return false;
        }
        waiting.add(new Entry(labels, time, line, arrivals++));
        return true;
    }

    /**
     * Takes up to {@code max} entries whose time is at least {@code delayNanos} before
     * {@code nowNanos}, oldest first, and the drops recorded so far; null when no entry is due
     * (drops then wait for the next frame that carries entries, as Loki sends them).
     */
    synchronized Frame take(long nowNanos, long delayNanos, int max) {
        List<Entry> due = new ArrayList<>();
        while (due.size() < max && !waiting.isEmpty() && waiting.peek().time <= nowNanos - delayNanos) {
            due.add(waiting.poll());
        }
        if (due.isEmpty()) {
            return null;
        }
        List<Dropped> drops = List.copyOf(dropped);
        dropped.clear();
        return new Frame(due, drops);
    }

    /**
     * Leaves out, from now on and among the entries waiting, those already sent another way
     * (the tail's look back at stored entries, which may overlap the first live ones).
     */
    synchronized void exclude(Set<Seen> sent) {
        seen = sent;
        waiting.removeIf(e -> sent.contains(new Seen(e.labels, e.time, e.line)));
    }

    synchronized int size() {
        return waiting.size();
    }
}

package dev.panoptes.logs.store;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live subscriptions of one tenant's store: who is told of newly stored entries, and for
 * which streams. Publishing with nobody subscribed costs one volatile read, so pushes pay nothing
 * when no one tails.
 *
 * <p>Thread-safe: subscriptions are an array replaced under {@code this} (copy on write), read
 * without locking.
 */
final class LiveSubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSubscriptions.class);
    private static final Entry[] NONE = new Entry[0];

    private volatile Entry[] entries = NONE;

    /** One subscriber and the matchers its streams must satisfy. */
    private final class Entry implements LogReader.Subscription {
        final LabelMatcher[] matchers;
        final EntryListener listener;

        Entry(List<LabelMatcher> matchers, EntryListener listener) {
            this.matchers = matchers.toArray(new LabelMatcher[0]);
            this.listener = listener;
        }

        boolean selects(Labels stream) {
            for (LabelMatcher m : matchers) {
                String value = stream.get(m.name());
                if (!m.matches(value == null ? "" : value)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            remove(this);
        }
    }

    LogReader.Subscription add(List<LabelMatcher> matchers, EntryListener listener) {
        Entry entry = new Entry(matchers, listener);
        synchronized (this) {
            Entry[] grown = Arrays.copyOf(entries, entries.length + 1);
            grown[grown.length - 1] = entry;
            entries = grown;
        }
        return entry;
    }

    private synchronized void remove(Entry entry) {
        Entry[] current = entries;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == entry) {
                Entry[] shrunk = new Entry[current.length - 1];
                System.arraycopy(current, 0, shrunk, 0, i);
                System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                entries = shrunk.length == 0 ? NONE : shrunk;
                return;
            }
        }
    }

    int size() {
        return entries.length;
    }

    /** Tells every subscriber that selects {@code stream} of entries {@code from..to-1}. */
    void publish(Labels stream, EntryBuffer buffer, int from, int to) {
        Entry[] current = entries;
        if (current.length == 0 || from >= to) {
            return;
        }
        for (Entry e : current) {
            if (e.selects(stream)) {
                try {
                    e.listener.stored(stream, buffer, from, to);
                } catch (RuntimeException failure) {
                    // A broken subscriber must not fail a push whose entries are already stored.
                    LOG.warn("A live log subscriber failed; it stays subscribed", failure);
                }
            }
        }
    }
}

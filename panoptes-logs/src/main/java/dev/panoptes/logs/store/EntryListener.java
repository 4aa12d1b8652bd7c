package dev.panoptes.logs.store;

import dev.panoptes.core.labels.Labels;

/**
 * Told of entries as a push stores them (see {@link LogReader#subscribe}). It is called on the
 * pushing thread, once the entries are durable and readable, so it must return quickly and must
 * not block: a listener that cannot keep up drops entries rather than holding up the push. The
 * buffer is valid only during the call; a listener copies what it keeps.
 */
@FunctionalInterface
public interface EntryListener {

    /** Entries {@code from..to-1} of {@code entries}, all of the stream {@code stream}, were just stored. */
    void stored(Labels stream, EntryBuffer entries, int from, int to);
}

package dev.panoptes.logs.store;

/**
 * Asked by a reader before each chunk it reads whether the read should go on: it throws an
 * unchecked exception of the caller's choice to abandon a read that nobody waits for any more
 * (the client went away, or the query ran out of time). The exception reaches the caller of the
 * read unchanged. A query that reads its streams on several threads asks from each of them, so
 * an implementation must be thread-safe.
 */
@FunctionalInterface
public interface ReadCheck {

    /** Lets every read run to its end. */
    ReadCheck NONE = () -> {
    };

    void check();
}

package dev.panoptes.logs.logql;

/**
 * A valid query that uses something this build cannot evaluate yet (a pipeline stage, a kind of
 * line filter, a metric query). The message names it and ends in "not supported by this build
 * yet", so that a user learns it is the build and not the query; the HTTP API answers 400 with it.
 */
public final class UnsupportedQueryException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnsupportedQueryException(String what) {
        super(what + " not supported by this build yet");
    }
}

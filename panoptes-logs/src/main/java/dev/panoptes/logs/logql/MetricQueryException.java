package dev.panoptes.logs.logql;

/**
 * A metric query that parsed but cannot be answered from the data: a series still carrying an
 * {@code __error__} label (Loki's pipeline error, with its advice on filtering errors out), or an
 * operator failing on its input (two results with the same labels, an ambiguous match). The
 * message is Loki's; the HTTP API answers 400 with it.
 */
public final class MetricQueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MetricQueryException(String message) {
        super(message, null, false, false);
    }
}

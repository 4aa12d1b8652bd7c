package dev.panoptes.core.histogram;

/**
 * Thrown when an operation combines histograms whose bucket layouts cannot be reconciled: one
 * with exponential buckets and one with custom buckets. The message is the one PromQL reports.
 */
public final class IncompatibleHistogramsException extends RuntimeException {

    static final String MIXED_SCHEMAS =
            "cannot apply this operation on histograms with a mix of exponential and custom bucket schemas";

    public IncompatibleHistogramsException(String message) {
        super(message);
    }
}

package dev.panoptes.metrics.promql.parser;

/** The four types a PromQL expression can have. */
public enum ExprType {
    SCALAR("scalar"),
    VECTOR("instant vector"),
    MATRIX("range vector"),
    STRING("string");

    private final String description;

    ExprType(String description) {
        this.description = description;
    }

    /** The name Prometheus uses in type errors, such as "range vector". */
    public String description() {
        return description;
    }
}

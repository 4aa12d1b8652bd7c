package dev.panoptes.metrics.promql.parser;

import java.util.Locale;

/** The aggregation operators; some take a parameter before the aggregated vector. */
public enum AggregateOp {
    SUM, AVG, COUNT, MIN, MAX, GROUP, STDDEV, STDVAR,
    TOPK(ExprType.SCALAR), BOTTOMK(ExprType.SCALAR), QUANTILE(ExprType.SCALAR),
    COUNT_VALUES(ExprType.STRING), LIMITK(ExprType.SCALAR), LIMIT_RATIO(ExprType.SCALAR);

    private final ExprType paramType;

    AggregateOp() {
        this(null);
    }

    AggregateOp(ExprType paramType) {
        this.paramType = paramType;
    }

    /** The type of the parameter, or null when the aggregation takes none. */
    public ExprType paramType() {
        return paramType;
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AggregateOp fromName(String name) {
        for (AggregateOp op : values()) {
            if (op.keyword().equalsIgnoreCase(name)) {
                return op;
            }
        }
        return null;
    }
}

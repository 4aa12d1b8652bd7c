package dev.panoptes.core.labels;

/** The four ways a selector compares a label value: {@code =}, {@code !=}, {@code =~}, {@code !~}. */
public enum MatchType {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String operator;

    MatchType(String operator) {
        this.operator = operator;
    }

    /** The operator as written in a selector. */
    public String operator() {
        return operator;
    }

    public boolean isRegex() {
        return this == REGEX || this == NOT_REGEX;
    }

    public boolean isNegative() {
        return this == NOT_EQUAL || this == NOT_REGEX;
    }
}

package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;

/**
 * {@code label_replace(inner, "dst", "replacement", "src", "regex")}: for each series of
 * {@code inner}, if the value of label {@code source} matches {@code regex} (anchored at both
 * ends), sets label {@code destination} to {@code replacement} with {@code $1}-style references
 * to the regex's groups expanded; other series pass unchanged.
 *
 * @param regex valid RE2 syntax (the parser compiled it)
 */
public record LabelReplaceExpr(MetricExpr inner, String destination, String replacement, String source, String regex)
        implements MetricExpr {

    @Override
    public String toString() {
        return "label_replace(" + inner + ", " + Labels.quote(destination) + ", " + Labels.quote(replacement) + ", "
                + Labels.quote(source) + ", " + Labels.quote(regex) + ")";
    }
}

package dev.panoptes.metrics.scrape;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * One relabelling step, with Prometheus' keys and defaults: {@code source_labels} joined by
 * {@code separator} (";"), matched against the fully anchored {@code regex} ("(.*)"), then the
 * {@code action} ("replace"), writing {@code replacement} ("$1") to {@code target_label}.
 */
public record RelabelConfig(List<String> sourceLabels, String separator, String regex, Long modulus, String targetLabel,
                            String replacement, Action action) {

    public RelabelConfig {
        sourceLabels = sourceLabels == null ? List.of() : List.copyOf(sourceLabels);
        separator = separator == null ? ";" : separator;
        regex = regex == null ? "(.*)" : regex;
        replacement = replacement == null ? "$1" : replacement;
        action = action == null ? Action.REPLACE : action;
        try {
            Pattern.compile("^(?s:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("relabel regex '" + regex + "' is invalid: " + e.getMessage());
        }
        switch (action) {
            case REPLACE -> {
                if (targetLabel == null || targetLabel.isEmpty()) {
                    throw new IllegalArgumentException("relabel action replace needs a target_label");
                }
            }
            case HASHMOD -> {
                if (targetLabel == null || modulus == null || modulus <= 0) {
                    throw new IllegalArgumentException("relabel action hashmod needs a target_label and a positive modulus");
                }
            }
            case LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> {
                if (targetLabel == null || targetLabel.isEmpty()) {
                    throw new IllegalArgumentException("relabel action " + action + " needs a target_label");
                }
            }
            default -> {
            }
        }
    }

    /** The relabelling actions, spelled in configuration as Prometheus spells them. */
    public enum Action {
        REPLACE, KEEP, DROP, KEEPEQUAL, DROPEQUAL, HASHMOD, LABELMAP, LABELDROP, LABELKEEP, LOWERCASE, UPPERCASE;

        @JsonCreator
        public static Action parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown relabel action '" + text
                        + "': one of replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase");
            }
        }

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

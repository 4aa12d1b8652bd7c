package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.util.List;

/**
 * One stage of a log pipeline, applied to each line in query order: {@link LineFilter}s keep or
 * drop lines by their text; parsers extract labels from the line; {@link LabelFilterStage} keeps or
 * drops lines by their labels; formatters rewrite the line or its labels. A stage that fails on a
 * line (a parser meeting bad JSON) sets the {@code __error__} and {@code __error_details__} labels
 * rather than dropping it, as Loki does.
 *
 * <p>Each record prints itself as it is written after the selector, {@code | json} and so on.
 */
public sealed interface PipelineStage permits LineFilter, PipelineStage.JsonParser, PipelineStage.LogfmtParser,
        PipelineStage.RegexpParser, PipelineStage.PatternParser, PipelineStage.UnpackParser, PipelineStage.LabelFilterStage,
        PipelineStage.LineFormat, PipelineStage.LabelFormat, PipelineStage.Decolorize, PipelineStage.DropLabels,
        PipelineStage.KeepLabels {

    /**
     * One label a json or logfmt parser extracts: {@code label="path"}. For json the expression is
     * a path into the object such as {@code request.headers["User-Agent"]} or {@code items[0]}
     * (checked when the stage is built, not by the parser); for logfmt it is a key. {@code json a}
     * is written out as {@code json a="a"}.
     */
    record LabelExtraction(String label, String expression) {

        @Override
        public String toString() {
            return label + "=" + Labels.quote(expression);
        }
    }

    /**
     * {@code | json}: parses the line as a JSON object. With no extractions, every leaf becomes a
     * label (nested keys joined by {@code _}); with extractions, only those labels are set.
     */
    record JsonParser(List<LabelExtraction> extractions) implements PipelineStage {

        public JsonParser {
            extractions = List.copyOf(extractions);
        }

        @Override
        public String toString() {
            return "| json" + extractionList(extractions);
        }
    }

    /**
     * {@code | logfmt}: parses {@code key=value} pairs. {@code --strict} stops at (and reports) the
     * first malformed pair instead of skipping it; {@code --keep-empty} keeps keys with empty values.
     * With extractions, only those keys become labels.
     */
    record LogfmtParser(boolean strict, boolean keepEmpty, List<LabelExtraction> extractions) implements PipelineStage {

        public LogfmtParser {
            extractions = List.copyOf(extractions);
        }

        @Override
        public String toString() {
            return "| logfmt" + (strict ? " --strict" : "") + (keepEmpty ? " --keep-empty" : "") + extractionList(extractions);
        }
    }

    /**
     * {@code | regexp "(?P<method>\\w+) ..."}: each named group of an unanchored match becomes a label.
     *
     * @param regex valid RE2 syntax with at least one named group (the parser checked both)
     */
    record RegexpParser(String regex) implements PipelineStage {

        @Override
        public String toString() {
            return "| regexp " + Labels.quote(regex);
        }
    }

    /**
     * {@code | pattern "<ip> - <_> [<ts>]"}: each named capture becomes a label; {@code <_>} skips.
     *
     * @param pattern valid pattern syntax with at least one capture, no two captures side by side and no name twice
     *     (the parser checked; see {@link LinePattern})
     */
    record PatternParser(String pattern) implements PipelineStage {

        @Override
        public String toString() {
            return "| pattern " + Labels.quote(pattern);
        }
    }

    /** {@code | unpack}: unpacks a JSON line written by Promtail's pack stage into labels and the original line. */
    record UnpackParser() implements PipelineStage {

        @Override
        public String toString() {
            return "| unpack";
        }
    }

    /** {@code | status >= 500}: keeps the lines whose labels satisfy {@code filter}. */
    record LabelFilterStage(LabelFilter filter) implements PipelineStage {

        @Override
        public String toString() {
            return "| " + filter;
        }
    }

    /**
     * {@code | line_format "{{.level}}: {{.msg}}"}: replaces the line by a Go text/template rendered
     * over the labels.
     *
     * @param template the template text as written (parsed and checked when the stage is built)
     */
    record LineFormat(String template) implements PipelineStage {

        @Override
        public String toString() {
            return "| line_format " + Labels.quote(template);
        }
    }

    /**
     * {@code | label_format dst=src, msg="{{.a}}"}: renames labels and sets labels from templates,
     * all from the labels as they were before the stage.
     *
     * @param entries the assignments in query order; no target label appears twice (the parser checked)
     */
    record LabelFormat(List<Entry> entries) implements PipelineStage {

        public LabelFormat {
            entries = List.copyOf(entries);
        }

        /**
         * One assignment.
         *
         * @param target the label set
         * @param value the source label name when {@code rename}, else a Go text/template (checked when the stage is built)
         * @param rename true for {@code dst=src} (moves the value and removes {@code src}), false for {@code dst="template"}
         */
        public record Entry(String target, String value, boolean rename) {

            @Override
            public String toString() {
                return target + "=" + (rename ? value : Labels.quote(value));
            }
        }

        @Override
        public String toString() {
            return "| label_format " + join(entries);
        }
    }

    /** {@code | decolorize}: removes ANSI colour escape sequences from the line. */
    record Decolorize() implements PipelineStage {

        @Override
        public String toString() {
            return "| decolorize";
        }
    }

    /**
     * A label named by {@code drop} or {@code keep}: by name alone, or by name and a condition on its value
     * ({@code drop level="debug"} drops the label only where it has that value).
     *
     * @param name the label name
     * @param matcher the condition on the value, on the same name; null when the label is named alone
     */
    record NamedLabelMatcher(String name, LabelMatcher matcher) {

        public NamedLabelMatcher {
            if (matcher != null && !matcher.name().equals(name)) {
                throw new IllegalArgumentException("the matcher is on label " + matcher.name() + ", not " + name);
            }
        }

        @Override
        public String toString() {
            return matcher == null ? name : name + matcher.type().operator() + Labels.quote(matcher.value());
        }
    }

    /** {@code | drop a, b="v"}: removes the named labels (including {@code __error__}, to discard errors). */
    record DropLabels(List<NamedLabelMatcher> labels) implements PipelineStage {

        public DropLabels {
            labels = List.copyOf(labels);
        }

        @Override
        public String toString() {
            return "| drop " + join(labels);
        }
    }

    /** {@code | keep a, b="v"}: removes every label except the named ones. */
    record KeepLabels(List<NamedLabelMatcher> labels) implements PipelineStage {

        public KeepLabels {
            labels = List.copyOf(labels);
        }

        @Override
        public String toString() {
            return "| keep " + join(labels);
        }
    }

    private static String extractionList(List<LabelExtraction> extractions) {
        return extractions.isEmpty() ? "" : " " + join(extractions);
    }

    private static String join(List<?> items) {
        StringBuilder out = new StringBuilder();
        for (Object item : items) {
            out.append(out.isEmpty() ? "" : ", ").append(item);
        }
        return out.toString();
    }
}

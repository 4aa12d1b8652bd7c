package dev.panoptes.logs.logql;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.Map;

/** The {@code regexp} and {@code pattern} parsers as pipeline steps. */
final class ExtractingSteps {

    private ExtractingSteps() {
    }

    /**
     * {@code | regexp "..."}: each named group of the first (unanchored) match sets a label, a
     * group that took no part setting {@code ""}; a line that does not match is kept unchanged.
     */
    static final class Regexp implements PipelineStep {

        private final Pattern pattern;
        private final int[] groups;
        private final String[] names;

        Regexp(String regex) {
            pattern = Pattern.compile(regex);
            Map<String, Integer> named = pattern.namedGroups();
            groups = new int[named.size()];
            names = new String[named.size()];
            int k = 0;
            for (int g = 1; g <= pattern.groupCount(); g++) {
                for (Map.Entry<String, Integer> e : named.entrySet()) {
                    if (e.getValue() == g) {
                        groups[k] = g;
                        names[k++] = LabelNames.sanitize(e.getKey());
                    }
                }
            }
        }

        @Override
        public boolean apply(PipelineEntry entry) {
            Matcher m = pattern.matcher(entry.line);
            if (!m.find()) {
                return true;
            }
            PipelineLabels labels = entry.labels;
            for (int i = 0; i < groups.length; i++) {
                String value = m.group(groups[i]);
                labels.setParsedIfNew(labels.parsedName(names[i]), value == null ? "" : value);
            }
            return true;
        }
    }

    /** {@code | pattern "<ip> - <_> [<ts>]"}: each named capture sets a label; a line that does not match is kept unchanged. */
    static final class Patterned implements PipelineStep {

        private final PatternMatcher matcher;
        private final String[] values;

        Patterned(String pattern) {
            matcher = new PatternMatcher(pattern);
            values = new String[matcher.names().length];
        }

        @Override
        public boolean apply(PipelineEntry entry) {
            int found = matcher.captures(entry.line, values);
            PipelineLabels labels = entry.labels;
            for (int i = 0; i < found; i++) {
                labels.setParsedIfNew(labels.parsedName(matcher.names()[i]), values[i]);
            }
            return true;
        }
    }
}

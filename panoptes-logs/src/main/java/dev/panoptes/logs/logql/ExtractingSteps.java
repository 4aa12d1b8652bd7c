package dev.panoptes.logs.logql;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.panoptes.logs.regex.CapturingRegex;
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
        /** The search of the line, or null when the expression's syntax needs RE2/J. */
        private final CapturingRegex.Search regex;
        private final int[] groups;
        private final String[] names;

        Regexp(String regex) {
            pattern = Pattern.compile(regex);
            CapturingRegex engine = CapturingRegex.compile(regex);
            this.regex = engine == null ? null : engine.search();
            Map<String, Integer> named = pattern.namedGroups();
            groups = new int[named.size()];
            names = new String[named.size()];
            int k = 0;
            for (int g = 1; g <= pattern.groupCount(); g++) {
                for (Map.Entry<String, Integer> e : named.entrySet()) {
                    if (e.getValue() == g) {
                        groups[k] = g;
                        names[k++] = LabelNames.sanitize(e.getKey()).intern();
                    }
                }
            }
        }

        /** Whether the line's stored bytes are searched in place. */
        boolean searchesStoredBytes() {
            return regex != null;
        }

        @Override
        public boolean apply(PipelineEntry entry) {
            if (regex != null) {
                boolean inBytes = entry.text != null;
                String text = inBytes ? entry.text : entry.line();
                int found = inBytes ? regex.find(text, entry.from, entry.to, true) : regex.find(text, 0, text.length(), false);
                if (found == CapturingRegex.NO_MATCH) {
                    return true;
                }
                if (found == CapturingRegex.MATCH) {
                    PipelineLabels labels = entry.labels;
                    for (int i = 0; i < groups.length; i++) {
                        String name = labels.parsedName(names[i]);
                        if (labels.isExtracted(name)) {
                            continue;
                        }
                        int start = regex.start(groups[i]);
                        if (start < 0) {
                            labels.setParsed(name, "");
                        } else if (inBytes) {
                            labels.setParsedByteSlice(name, text, start, regex.end(groups[i]));
                        } else {
                            labels.setParsedSlice(name, text, start, regex.end(groups[i]));
                        }
                    }
                    return true;
                }
                // Undecided (a very long line, or bytes that are not UTF-8): RE2/J reads the String.
            }
            Matcher m = pattern.matcher(entry.line());
            if (!m.find()) {
                return true;
            }
            PipelineLabels labels = entry.labels;
            String line = entry.line();
            for (int i = 0; i < groups.length; i++) {
                String name = labels.parsedName(names[i]);
                if (labels.isExtracted(name)) {
                    continue;
                }
                int start = m.start(groups[i]);
                if (start < 0) {
                    labels.setParsed(name, "");
                } else {
                    labels.setParsedSlice(name, line, start, m.end(groups[i]));
                }
            }
            return true;
        }
    }

    /** {@code | pattern "<ip> - <_> [<ts>]"}: each named capture sets a label; a line that does not match is kept unchanged. */
    static final class Patterned implements PipelineStep {

        private final PatternMatcher matcher;
        private final int[] from;
        private final int[] to;

        Patterned(String pattern) {
            matcher = new PatternMatcher(pattern);
            from = new int[matcher.names().length];
            to = new int[matcher.names().length];
        }

        @Override
        public boolean apply(PipelineEntry entry) {
            // A stored line is searched in its chunk's bytes: no String is made of it.
            boolean inBytes = entry.text != null;
            String text = inBytes ? entry.text : entry.line();
            int found = inBytes ? matcher.capturesInBytes(text, entry.from, entry.to, from, to) : matcher.captures(text, from, to);
            PipelineLabels labels = entry.labels;
            String[] names = matcher.names();
            for (int i = 0; i < found; i++) {
                String name = labels.parsedName(names[i]);
                if (labels.isExtracted(name)) {
                    continue;
                }
                if (inBytes) {
                    labels.setParsedByteSlice(name, text, from[i], to[i]);
                } else {
                    labels.setParsedSlice(name, text, from[i], to[i]);
                }
            }
            return true;
        }
    }
}

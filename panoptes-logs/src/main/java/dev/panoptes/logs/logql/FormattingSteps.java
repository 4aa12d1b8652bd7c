package dev.panoptes.logs.logql;

import com.google.re2j.Pattern;
import dev.panoptes.logs.logql.template.LogTemplate;
import dev.panoptes.logs.logql.template.TemplateException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The stages that rewrite the line or the labels: line_format, label_format, decolorize, drop and keep. */
final class FormattingSteps {

    static final String TEMPLATE_ERROR = "TemplateFormatErr";

    private FormattingSteps() {
    }

    /**
     * {@code | line_format "..."}: the line becomes the template rendered over the labels; when the
     * template fails the line stays and {@code __error__=TemplateFormatErr} is set with Go's message.
     */
    static final class LineFormat implements PipelineStep {

        private final LogTemplate template;

        LineFormat(String text) {
            template = LogTemplate.parse("line", text);
        }

        @Override
        public boolean apply(PipelineEntry entry) {
            try {
                entry.setLine(template.execute(new LabelsView(entry.labels), entry.line(), entry.timestampNanos));
            } catch (TemplateException e) {
                entry.labels.setError(TEMPLATE_ERROR, e.getMessage());
            }
            return true;
        }
    }

    /**
     * {@code | label_format a=b, c="{{...}}"} in order: a rename moves the value (when the source
     * exists) and removes the source; a template sets its label from the labels as they were when
     * the stage's first template ran, as in Loki. A failing template sets {@code TemplateFormatErr}
     * and leaves its label alone.
     */
    static final class LabelFormat implements PipelineStep {

        private final String[] targets;
        private final String[] sources;
        private final LogTemplate[] templates;

        LabelFormat(List<PipelineStage.LabelFormat.Entry> entries) {
            int n = entries.size();
            targets = new String[n];
            sources = new String[n];
            templates = new LogTemplate[n];
            for (int i = 0; i < n; i++) {
                PipelineStage.LabelFormat.Entry e = entries.get(i);
                targets[i] = e.target();
                if (e.rename()) {
                    sources[i] = e.value();
                } else {
                    templates[i] = LogTemplate.parse("label", e.value());
                }
            }
        }

        @Override
        public boolean apply(PipelineEntry entry) {
            PipelineLabels labels = entry.labels;
            Map<String, String> snapshot = null;
            for (int i = 0; i < targets.length; i++) {
                if (sources[i] != null) {
                    String v = labels.get(sources[i]);
                    if (v != null) {
                        labels.setParsed(targets[i], v);
                        labels.remove(sources[i]);
                    }
                    continue;
                }
                if (snapshot == null) {
                    snapshot = new HashMap<>(new LabelsView(labels));
                }
                try {
                    labels.setParsed(targets[i], templates[i].execute(snapshot, entry.line(), entry.timestampNanos));
                } catch (TemplateException e) {
                    labels.setError(TEMPLATE_ERROR, e.getMessage());
                }
            }
            return true;
        }
    }

    /** {@code | decolorize}: removes ANSI escape sequences (the pattern Loki uses). */
    static final class Decolorize implements PipelineStep {

        private static final Pattern ANSI = Pattern.compile(
                "[\u001B\u009B][\\[\\]()#;?]*(?:(?:(?:[a-zA-Z\\d]*(?:;[a-zA-Z\\d]*)*)?\u0007)|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PRZcf-ntqry=><~]))");

        @Override
        public boolean apply(PipelineEntry entry) {
            String line = entry.line();
            if (line.indexOf('\u001B') >= 0 || line.indexOf('\u009B') >= 0) {
                entry.setLine(ANSI.matcher(line).replaceAll(""));
            }
            return true;
        }
    }

    /**
     * {@code | drop a, b="v"}: removes each named label, or with a matcher only where its value
     * matches; {@code __error__} and {@code __error_details__} can be dropped too.
     */
    static final class Drop implements PipelineStep {

        private final List<PipelineStage.NamedLabelMatcher> labels;

        Drop(List<PipelineStage.NamedLabelMatcher> labels) {
            this.labels = labels;
        }

        @Override
        public boolean apply(PipelineEntry entry) {
            PipelineLabels lbs = entry.labels;
            for (PipelineStage.NamedLabelMatcher m : labels) {
                if (m.matcher() == null || m.matcher().matches(lbs.valueOrEmpty(m.name()))) {
                    lbs.remove(m.name());
                }
            }
            return true;
        }
    }

    /**
     * {@code | keep a, b="v"}: removes every label not named (or named with a matcher its value
     * fails); the error labels are never removed by keep, as in Loki.
     */
    static final class Keep implements PipelineStep {

        private final List<PipelineStage.NamedLabelMatcher> labels;

        Keep(List<PipelineStage.NamedLabelMatcher> labels) {
            this.labels = labels;
        }

        @Override
        public boolean apply(PipelineEntry entry) {
            PipelineLabels lbs = entry.labels;
            for (int i = lbs.size() - 1; i >= 0; i--) {
                String name = lbs.name(i);
                boolean keep = false;
                for (PipelineStage.NamedLabelMatcher m : labels) {
                    if (m.name().equals(name) && (m.matcher() == null || m.matcher().matches(lbs.value(i)))) {
                        keep = true;
                        break;
                    }
                }
                if (!keep) {
                    lbs.remove(name);
                }
            }
            return true;
        }
    }

    /** The entry's labels as a read-only map for templates, errors included. */
    static final class LabelsView extends AbstractMap<String, String> {

        private final PipelineLabels labels;

        LabelsView(PipelineLabels labels) {
            this.labels = labels;
        }

        @Override
        public String get(Object key) {
            return key instanceof String s ? labels.get(s) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            Map<String, String> all = new HashMap<>();
            for (int i = 0; i < labels.size(); i++) {
                all.put(labels.name(i), labels.value(i));
            }
            for (String special : new String[] {PipelineLabels.ERROR, PipelineLabels.ERROR_DETAILS}) {
                if (labels.get(special) != null) {
                    all.put(special, labels.get(special));
                }
            }
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, String>> iterator() {
                    return all.entrySet().iterator();
                }

                @Override
                public int size() {
                    return all.size();
                }
            };
        }
    }
}

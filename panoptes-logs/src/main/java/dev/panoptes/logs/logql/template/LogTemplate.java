package dev.panoptes.logs.logql.template;

import java.util.List;
import java.util.Map;

/**
 * A Go {@code text/template} as {@code line_format} and {@code label_format} use it, compiled
 * once per query: the data is the entry's labels (a missing label reads as {@code ""}), the
 * functions are Loki's ({@link TemplateFunctions#UNSUPPORTED} lists the few that are not
 * offered), and {@code __line__} and {@code __timestamp__} give the entry's line and time.
 *
 * <p>Evaluation is bounded: {@code range} runs over finite values only, at most
 * {@value TemplateEvaluator#MAX_STEPS} steps and {@value TemplateEvaluator#MAX_OUTPUT} characters
 * of output per entry, so no template can make a query hang or exhaust memory.
 *
 * <p>Immutable and thread-safe; each {@link #execute} call keeps its own state.
 */
public final class LogTemplate {

    private final String name;
    private final List<TemplateNode> nodes;
    /** The label name when the whole template is {@code {{.name}}}, for the fast path; else null. */
    private final String singleField;

    private LogTemplate(String name, List<TemplateNode> nodes) {
        this.name = name;
        this.nodes = nodes;
        this.singleField = singleField(nodes);
    }

    /**
     * Parses {@code text}.
     *
     * @param name the template's name in error messages ({@code line} for line_format, {@code label} for label_format)
     * @throws TemplateException if it does not parse or calls an unknown function
     */
    public static LogTemplate parse(String name, String text) {
        List<TemplateNode> nodes = new TemplateParser(name, text).parse();
        TemplateFunctions.checkNames(name, nodes);
        return new LogTemplate(name, nodes);
    }

    /**
     * Renders the template.
     *
     * @param labels the entry's labels by name
     * @param line the entry's line, for {@code __line__}
     * @param timestampNanos the entry's time, for {@code __timestamp__}
     * @throws TemplateException if a function fails or a limit is reached; the message is Go's
     */
    public String execute(Map<String, String> labels, String line, long timestampNanos) {
        if (singleField != null) {
            String v = labels.get(singleField);
            return v == null ? "" : v;
        }
        StringBuilder out = new StringBuilder();
        new TemplateEvaluator(name, labels, line, timestampNanos, out).run(nodes);
        return out.toString();
    }

    private static String singleField(List<TemplateNode> nodes) {
        if (nodes.size() == 1 && nodes.get(0) instanceof TemplateNode.Action a && a.pipeline().declared().isEmpty()
                && a.pipeline().commands().size() == 1 && a.pipeline().commands().get(0).operands().size() == 1
                && a.pipeline().commands().get(0).operands().get(0) instanceof TemplateNode.Field f && f.path().size() == 1) {
            return f.path().get(0);
        }
        return null;
    }
}

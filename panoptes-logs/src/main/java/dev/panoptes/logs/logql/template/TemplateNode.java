package dev.panoptes.logs.logql.template;

import java.util.List;

/**
 * The parsed form of a template: text and actions, as Go's {@code text/template/parse} knows
 * them, limited to what log templates use. Evaluated by {@link TemplateEvaluator}.
 */
sealed interface TemplateNode {

    /** Literal text between actions. */
    record Text(String text) implements TemplateNode {
    }

    /** {@code {{ pipeline }}}: prints the pipeline's value (or only assigns, when it declares a variable). */
    record Action(Pipeline pipeline, int column) implements TemplateNode {
    }

    /** {@code {{if}}}, {@code {{with}}} or {@code {{range}}} with a body and an optional else branch. */
    record Branch(Kind kind, Pipeline pipeline, List<TemplateNode> body, List<TemplateNode> orElse) implements TemplateNode {
        enum Kind { IF, WITH, RANGE }
    }

    /** {@code {{break}}} and {@code {{continue}}} inside range. */
    record LoopControl(boolean isBreak) implements TemplateNode {
    }

    /**
     * Commands joined by {@code |}, the value of each passed as the last argument of the next;
     * {@code $x := ...} or {@code $x = ...} assigns the result.
     */
    record Pipeline(List<String> declared, boolean assign, List<Command> commands, String text) {
    }

    /** A function or method call, or a single operand. */
    record Command(List<Operand> operands) {
    }

    /** An operand of a command. */
    sealed interface Operand {
    }

    /** {@code .a.b} ({@code path} empty for {@code .}). */
    record Field(List<String> path) implements Operand {
    }

    /** {@code $x.a} ({@code name} includes {@code $}). */
    record Variable(String name, List<String> path) implements Operand {
    }

    /** A function name. */
    record Identifier(String name) implements Operand {
    }

    /** A string, number, boolean or {@code nil} constant. */
    record Constant(Object value) implements Operand {
    }

    /** {@code (pipeline).a}. */
    record Parenthesized(Pipeline pipeline, List<String> path) implements Operand {
    }
}

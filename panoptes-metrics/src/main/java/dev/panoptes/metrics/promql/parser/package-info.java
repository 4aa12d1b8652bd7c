/**
 * The PromQL language: a hand-written {@link dev.panoptes.metrics.promql.parser.Lexer lexer} and
 * {@link dev.panoptes.metrics.promql.parser.Parser parser} producing an AST of sealed interfaces and
 * records ({@link dev.panoptes.metrics.promql.parser.Expr}), type-checked as Prometheus does, with
 * parse errors in Prometheus' {@code line:column: parse error: ...} shape, and a {@link
 * dev.panoptes.metrics.promql.parser.Printer printer} for canonical text. No evaluation here.
 */
package dev.panoptes.metrics.promql.parser;

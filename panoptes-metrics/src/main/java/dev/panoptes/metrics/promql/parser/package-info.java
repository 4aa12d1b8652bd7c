/**
 * The PromQL language: a hand-written {@link dev.panoptes.metrics.promql.parser.Lexer lexer} and
 * {@link dev.panoptes.metrics.promql.parser.Parser parser} producing an AST of sealed interfaces and
 * records ({@link dev.panoptes.metrics.promql.parser.Expr}, with {@link
 * dev.panoptes.metrics.promql.parser.DurationExpr} for duration arithmetic), type-checked as
 * Prometheus does, Prometheus 3's experimental syntax included, with parse errors in Prometheus'
 * {@code line:column: parse error: ...} shape, node start positions for annotations ({@link
 * dev.panoptes.metrics.promql.parser.ParsedQuery}), and a {@link
 * dev.panoptes.metrics.promql.parser.Printer printer} for canonical text. No evaluation here beyond
 * computing a duration expression's value for a query; depends only on the core labels and time
 * helpers.
 */
package dev.panoptes.metrics.promql.parser;

/**
 * Go {@code text/template} for LogQL's line_format and label_format: a parser, a bounded
 * evaluator and the functions Loki offers, with Go's printing, time layouts and error texts.
 * Depends on nothing of the logs pillar (the LogQL package depends on it, not the other way).
 */
package dev.panoptes.logs.logql.template;

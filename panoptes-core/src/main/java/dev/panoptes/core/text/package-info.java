/**
 * Numbers as text, the way the Go systems Panoptes answers for print them: {@link
 * dev.panoptes.core.text.ShortestDigits}, the shortest round-tripping digits of a double worked
 * out without allocating, and {@link dev.panoptes.core.text.GoFloatText}, Go's
 * {@code FormatFloat} layouts over them. Shared by the Prometheus and Loki query APIs. And
 * {@link dev.panoptes.core.text.LogfmtDecoder}, logfmt lines read pair by pair with the rules of
 * Loki's decoder, for LogQL's parser and the logs ingest.
 */
package dev.panoptes.core.text;

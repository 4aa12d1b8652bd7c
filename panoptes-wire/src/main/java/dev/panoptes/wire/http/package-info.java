/**
 * What every HTTP receiver of the wire protocols (Loki push, OTLP/HTTP logs and metrics) does to a
 * request body before its format is read: undo the {@code Content-Encoding} within a size limit,
 * and say with an HTTP status why a body cannot be used. Independent of the HTTP server library.
 */
package dev.panoptes.wire.http;

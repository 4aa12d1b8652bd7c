/**
 * The server's configuration records, one per YAML section, with their defaults. Components of
 * other modules bring their own sections, which the root record composes as they arrive.
 */
package dev.panoptes.server.config;

/**
 * The command line ({@code panoptes server}, {@code panoptes version}, ...): parses flags with
 * picocli, merges them over the configuration file, sets up logging, runs the composition root
 * and turns SIGTERM and SIGINT into a graceful stop.
 */
package dev.panoptes.server.cli;

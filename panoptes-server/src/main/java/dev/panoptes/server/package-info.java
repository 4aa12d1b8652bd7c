/**
 * The server: wiring only. {@link dev.panoptes.server.PanoptesServer} is the composition root that
 * builds and starts every component; sub-packages hold the HTTP edge, the configuration records and
 * the command line. Depends on every module; no module depends on it.
 */
package dev.panoptes.server;

/**
 * LogQL: the sealed AST ({@link dev.panoptes.logs.logql.LogQLExpr}), a hand-written parser with
 * Loki-style errors ({@link dev.panoptes.logs.logql.LogQLParser}), and the engine that runs log
 * queries over a {@link dev.panoptes.logs.store.LogReader}
 * ({@link dev.panoptes.logs.logql.LogQueryEngine}). Depends on the store's reading interface and
 * core; never on the concrete store, ingestion or the API.
 */
package dev.panoptes.logs.logql;

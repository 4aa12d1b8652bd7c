/**
 * The HTTP edge: one Armeria server for every API, the process's own endpoints (health,
 * readiness, self-metrics, build information), the tenant decorator that validates
 * {@code X-Scope-OrgID} before any component sees a request, and per-route request metrics.
 * Components contribute routes through {@link dev.panoptes.server.http.HttpRoutes}.
 */
package dev.panoptes.server.http;

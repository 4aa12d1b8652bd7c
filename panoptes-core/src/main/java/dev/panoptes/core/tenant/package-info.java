/**
 * Tenants: the validated {@link dev.panoptes.core.tenant.TenantId} that owns every stored byte and
 * the {@link dev.panoptes.core.tenant.TenantResolver} that maps a request's {@code X-Scope-OrgID}
 * header to one. Depends on nothing else in Panoptes.
 */
package dev.panoptes.core.tenant;

package dev.panoptes.server.http;

import com.linecorp.armeria.server.ServerBuilder;

/**
 * A group of routes that a component adds to the one HTTP server. Every route registered this
 * way is tenant-scoped: by the time a request reaches it, its {@code X-Scope-OrgID} header holds
 * a valid tenant id (the default tenant filled in where authentication is off).
 */
@FunctionalInterface
public interface HttpRoutes {

    void register(ServerBuilder server);
}

package io.ringback.service.auth;

import io.ringback.common.Failure;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every REST request of every service authenticates, before its path is matched and before any
 * of its body is read: {@code Authorization: Bearer <key>}, the admin key or an agent API key
 * issued by accounts. A missing, unknown or revoked key is a 401 problem. Health, metrics and
 * the OpenAPI document are not REST resources and stay open.
 */
public class AuthenticationFilter {

    private final PrincipalResolver resolver;
    private final CurrentPrincipal current;

    public AuthenticationFilter(PrincipalResolver resolver, CurrentPrincipal current) {
        this.resolver = resolver;
        this.current = current;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Void> authenticate(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            return Uni.createFrom().failure(
                    Failure.unauthenticated("send Authorization: Bearer <key> (the admin key or an agent API key)"));
        }
        return resolver.resolve(header.substring(7).trim()).invoke(current::set).replaceWithVoid();
    }
}

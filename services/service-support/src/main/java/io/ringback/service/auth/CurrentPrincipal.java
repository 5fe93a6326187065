package io.ringback.service.auth;

import io.ringback.common.Failure;
import io.ringback.common.Principal;
import jakarta.enterprise.context.RequestScoped;

/** The principal of the REST request being served, set by {@link AuthenticationFilter}. */
@RequestScoped
public class CurrentPrincipal {

    private Principal principal;

    void set(Principal principal) {
        this.principal = principal;
    }

    /** The caller; a request that reached a resource always has one. */
    public Principal get() {
        if (principal == null) {
            throw Failure.unauthenticated("send Authorization: Bearer <key> (the admin key or an agent API key)");
        }
        return principal;
    }
}

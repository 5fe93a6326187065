package io.ringback.service.auth;

import io.ringback.common.Principal;
import io.smallrye.mutiny.Uni;

/**
 * Turns the key of a REST request into its {@link Principal}. The accounts service, which issues
 * the keys, resolves them itself; every other service asks accounts
 * ({@link AccountsPrincipalResolver}). Fails with a {@code Failure}: UNAUTHENTICATED for an unknown
 * or revoked key, UNAVAILABLE when the answer cannot be had now.
 */
public interface PrincipalResolver {

    Uni<Principal> resolve(String apiKey);
}

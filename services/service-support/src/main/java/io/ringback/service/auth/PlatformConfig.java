package io.ringback.service.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings every service of the platform has, checked at start. */
@ConfigMapping(prefix = "ringback.platform")
public interface PlatformConfig {

    /**
     * The platform's service credential: every gRPC call between the services carries it
     * ({@code authorization: Bearer <token>}) and every gRPC server refuses a call without it. At
     * least 32 characters; the same on every service of one platform. Required: a service without
     * it does not start. Env: {@code RINGBACK_PLATFORM_SERVICE_TOKEN}.
     */
    String serviceToken();

    /**
     * How long a service keeps the principal accounts answered for an API key, so that a key
     * revoked (or an agent suspended) in accounts is refused everywhere within this time. At most
     * 5 minutes. Accounts itself never caches.
     */
    @WithDefault("30s")
    Duration principalCacheTtl();

    /** How long a service waits for accounts to answer an authentication or a chain lookup. */
    @WithDefault("2s")
    Duration accountsTimeout();
}

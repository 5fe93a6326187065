package io.ringback.service.auth;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * The platform's service credential, checked when the service starts: a service configured
 * without a usable one refuses to start and says which setting to fix, instead of failing (or
 * admitting strangers) per request.
 */
@Startup
@Singleton
public class ServiceCredential {

    public static final int MIN_LENGTH = 32;
    static final String KEY = "ringback.platform.service-token";

    private final byte[] token;
    private final String bearer;

    public ServiceCredential(PlatformConfig config) {
        String configured = config.serviceToken().trim();
        if (configured.length() < MIN_LENGTH) {
            throw new IllegalStateException(KEY + " (env RINGBACK_PLATFORM_SERVICE_TOKEN) must be at least "
                    + MIN_LENGTH + " characters, the same on every service of the platform; it has "
                    + configured.length());
        }
        Duration ttl = config.principalCacheTtl();
        if (ttl.isNegative() || ttl.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalStateException("ringback.platform.principal-cache-ttl must be between 0 and 5 minutes, got "
                    + ttl);
        }
        this.token = configured.getBytes(StandardCharsets.UTF_8);
        this.bearer = "Bearer " + configured;
    }

    /** Whether an {@code authorization} metadata value carries the token (compared in constant time). */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code authorization} metadata value a call to another service carries. */
    public String bearer() {
        return bearer;
    }
}

package io.ringback.accounts.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Configuration of the accounts service, keys under {@code ringback.accounts}. */
@ConfigMapping(prefix = "ringback.accounts")
public interface AccountsConfig {

    /**
     * {@code ringback.accounts.default-currency}: ISO 4217 code given to an account created
     * without one. Default {@code USD}.
     */
    @WithDefault("USD")
    String defaultCurrency();

    /**
     * {@code ringback.accounts.reservation-ttl}: how long funds reserved for a call in progress stay
     * held when no settlement arrives (ISO-8601 duration). It must outlive the longest call a
     * reservation covers. Default {@code PT4H}.
     */
    @WithDefault("PT4H")
    Duration reservationTtl();
}

package io.ringback.accounts.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

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
     * held when no settlement arrives (ISO-8601 duration), for a reservation request that names no
     * TTL of its own. It must outlive the longest call a reservation covers. Default {@code PT4H}.
     */
    @WithDefault("PT4H")
    Duration reservationTtl();

    /**
     * {@code ringback.accounts.expiry-sweep-interval}: how often reservations that expired unused
     * are closed with RELEASE ledger entries (ISO-8601 duration). Their funds stop counting as
     * reserved at the expiry itself; the sweep only records it. Default {@code PT30S}.
     */
    @WithDefault("PT30S")
    Duration expirySweepInterval();

    /**
     * {@code ringback.accounts.admin-key}: the platform admin's API key (a secret: set it from a
     * Kubernetes secret or the {@code RINGBACK_ACCOUNTS_ADMIN_KEY} environment variable). No
     * default: without it nobody is admin, and only agent keys work. At least 32 characters.
     */
    Optional<String> adminKey();

    /**
     * {@code ringback.accounts.pin-hash-iterations}: PBKDF2-HMAC-SHA256 iterations for a new PIN
     * hash (existing hashes keep the count they were made with). Default {@code 210000}
     * (about 60 ms per check on one core of the reference machine).
     */
    @WithDefault("210000")
    int pinHashIterations();

    /**
     * {@code ringback.accounts.pin-max-attempts}: wrong PINs in a row before a phone's PIN is
     * locked. Default {@code 5}.
     */
    @WithDefault("5")
    int pinMaxAttempts();

    /**
     * {@code ringback.accounts.pin-lock-duration}: how long a locked PIN stays locked (ISO-8601
     * duration). Default {@code PT15M}.
     */
    @WithDefault("PT15M")
    Duration pinLockDuration();

    /**
     * {@code ringback.accounts.rating-timeout}: how long accounts waits for the rating service to
     * describe a rate table when an account's plan is set (ISO-8601 duration). Default {@code PT2S}.
     */
    @WithDefault("PT2S")
    Duration ratingTimeout();

    /**
     * {@code ringback.accounts.spend-day-zone}: the time zone whose midnight starts the day a
     * postpaid account's daily cap counts its call charges in (a zone id such as {@code UTC} or
     * {@code Asia/Dhaka}). Default {@code UTC}.
     */
    @WithDefault("UTC")
    ZoneId spendDayZone();
}

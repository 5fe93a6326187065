package io.ringback.accounts.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Duration;

/**
 * The one source of time in the service; tests replace it to step time by hand. It ticks in
 * microseconds, the precision PostgreSQL keeps, so a time answered at creation equals the one
 * read back later.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}

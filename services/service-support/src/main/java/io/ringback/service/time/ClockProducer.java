package io.ringback.service.time;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one source of time in every service: the UTC system clock in microseconds, the precision
 * PostgreSQL keeps, so a time answered at creation equals the one read back later.
 * Tests replace it (an {@code @Alternative} clock) to step timers by hand.
 */
@Singleton
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return new MicrosecondClock(Clock.systemUTC());
    }
}

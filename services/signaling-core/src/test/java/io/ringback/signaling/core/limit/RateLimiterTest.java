package io.ringback.signaling.core.limit;

import io.ringback.signaling.core.StepClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    private final StepClock clock = new StepClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void aBurstUpToTheLimitPassesAndTheNextIsRefused() {
        RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(1), clock, 100);
        assertTrue(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("a"));
        assertFalse(limiter.tryAcquire("a"));
        assertTrue(limiter.tryAcquire("b"), "another key has its own limit");
    }

    @Test
    void tokensComeBackAtTheSustainedRate() {
        RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(1), clock, 100);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire("a"));
        }
        clock.step(Duration.ofSeconds(19));
        assertFalse(limiter.tryAcquire("a"), "one token takes 20 s to come back");
        clock.step(Duration.ofSeconds(1));
        assertTrue(limiter.tryAcquire("a"));
        assertFalse(limiter.tryAcquire("a"));
        clock.step(Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire("a"), "never more than the limit comes back");
        }
        assertFalse(limiter.tryAcquire("a"));
    }

    @Test
    void aRefusedEventTakesNothing() {
        RateLimiter limiter = new RateLimiter(1, Duration.ofSeconds(1), clock, 100);
        assertTrue(limiter.tryAcquire("a"));
        for (int i = 0; i < 10; i++) {
            assertFalse(limiter.tryAcquire("a"));
        }
        clock.step(Duration.ofSeconds(1));
        assertTrue(limiter.tryAcquire("a"));
    }

    @Test
    void zeroTurnsTheLimitOff() {
        RateLimiter limiter = new RateLimiter(0, Duration.ofSeconds(1), clock, 100);
        for (int i = 0; i < 1000; i++) {
            assertTrue(limiter.tryAcquire("a"));
        }
    }

    @Test
    void idleKeysAreDroppedOnceTheMapIsFull() {
        RateLimiter limiter = new RateLimiter(2, Duration.ofSeconds(1), clock, 10);
        for (int i = 0; i < 11; i++) {
            limiter.tryAcquire("k" + i);
        }
        assertEquals(11, limiter.trackedKeys());
        clock.step(Duration.ofSeconds(1));
        limiter.tryAcquire("new");
        assertEquals(1, limiter.trackedKeys());
    }
}

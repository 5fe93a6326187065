package io.ringback.cdr.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RatingRetryTest {

    @Test
    void aFailedRatingIsRetriedAtADoublingPaceUpToTheMaximum() {
        RatingRetry retry = new RatingRetry(Duration.ofSeconds(10), Duration.ofMinutes(1));
        Instant now = Instant.parse("2026-12-03T10:00:00Z");
        assertEquals(now.plusSeconds(10), retry.next(now, 1));
        assertEquals(now.plusSeconds(20), retry.next(now, 2));
        assertEquals(now.plusSeconds(40), retry.next(now, 3));
        assertEquals(now.plusSeconds(60), retry.next(now, 4));
        assertEquals(now.plusSeconds(60), retry.next(now, 400));
        assertThrows(IllegalArgumentException.class, () -> new RatingRetry(Duration.ofMinutes(2), Duration.ofMinutes(1)));
    }
}

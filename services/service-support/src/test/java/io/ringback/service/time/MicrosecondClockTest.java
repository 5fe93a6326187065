package io.ringback.service.time;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicrosecondClockTest {

    private static final Instant AT = Instant.parse("2026-12-03T16:50:30.737123456Z");

    @Test
    void instantsKeepMicrosecondsAndMillisAreTheBaseClocks() {
        Clock clock = new MicrosecondClock(Clock.fixed(AT, ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-12-03T16:50:30.737123Z"), clock.instant());
        assertEquals(AT.toEpochMilli(), clock.millis(), "millis() answers, unlike Clock.tick(base, 1 µs) on Java 17");
    }

    @Test
    void theProducedClockAnswersMillisAndMicrosecondInstants() {
        Clock clock = new ClockProducer().clock();
        long before = System.currentTimeMillis();
        long millis = clock.millis();
        assertEquals(0, clock.instant().getNano() % 1_000);
        assertTrue(millis >= before && millis <= System.currentTimeMillis());
        assertEquals(ZoneOffset.UTC, clock.getZone());
        assertEquals(ZoneId.of("America/Mexico_City"), clock.withZone(ZoneId.of("America/Mexico_City")).getZone());
    }
}

package io.ringback.media.app;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MediaEventBusTest {

    @Test
    void aFailingSubscriberDoesNotKeepTheEventFromTheOthers() {
        MediaEventBus bus = new MediaEventBus(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5), 100);
        List<String> first = new ArrayList<>();
        List<String> last = new ArrayList<>();
        bus.subscribe(e -> first.add(e.eventId()));
        bus.subscribe(e -> {
            throw new IllegalStateException("broken subscriber");
        });
        bus.subscribe(e -> last.add(e.eventId()));
        bus.publish(new EndpointEvent("e1", Instant.EPOCH, "s", "leg", "ep", 1, 0, new EndpointEvent.MediaTimeout(3000)));
        assertEquals(List.of("e1"), first);
        assertEquals(List.of("e1"), last);
    }

    @Test
    void aSessionsEventsAreNumberedKeptBoundedAndReplayedFromAPosition() {
        io.ringback.testing.SteppableClock clock = new io.ringback.testing.SteppableClock();
        MediaEventBus bus = new MediaEventBus(clock, java.time.Duration.ofMinutes(5), 3);
        List<Long> live = new ArrayList<>();
        bus.subscribe(e -> live.add(e.sessionSequence()));
        for (int i = 1; i <= 5; i++) {
            bus.publish(new EndpointEvent("e" + i, Instant.EPOCH, "s", "leg", "ep", i, 0, new EndpointEvent.MediaTimeout(i)));
        }
        bus.publish(new EndpointEvent("other", Instant.EPOCH, "t", "leg", "ep2", 1, 0, new EndpointEvent.MediaTimeout(1)));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 1L), live);
        // Only the last 3 of session s are kept: from 2 on they are all there, from 1 on one is lost.
        List<String> replayed = new ArrayList<>();
        bus.subscribeFrom("s", 2, e -> replayed.add(e.eventId()));
        assertEquals(List.of("e3", "e4", "e5"), replayed);
        io.ringback.common.Failure lost = assertThrows(io.ringback.common.Failure.class,
                () -> bus.subscribeFrom("s", 1, e -> { }));
        assertEquals("events of session s after 1 are no longer kept: the oldest event kept is 3", lost.getMessage());
        // Kept for the retention after the session ends, then gone.
        bus.sessionEnded("s");
        clock.step(java.time.Duration.ofMinutes(4));
        bus.sessionEnded("t");
        List<String> late = new ArrayList<>();
        bus.subscribeFrom("s", 4, e -> late.add(e.eventId()));
        assertEquals(List.of("e5"), late);
        clock.step(java.time.Duration.ofMinutes(1));
        bus.sessionEnded("t");
        assertEquals(1, bus.sessionsKept());
        assertThrows(io.ringback.common.Failure.class, () -> bus.subscribeFrom("s", 5, e -> { }));
    }
}

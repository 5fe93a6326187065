package io.ringback.media.app;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MediaEventBusTest {

    @Test
    void aFailingSubscriberDoesNotKeepTheEventFromTheOthers() {
        MediaEventBus bus = new MediaEventBus();
        List<String> first = new ArrayList<>();
        List<String> last = new ArrayList<>();
        bus.subscribe(e -> first.add(e.eventId()));
        bus.subscribe(e -> {
            throw new IllegalStateException("broken subscriber");
        });
        bus.subscribe(e -> last.add(e.eventId()));
        bus.publish(new EndpointEvent("e1", Instant.EPOCH, "s", "leg", "ep", 1, new EndpointEvent.MediaTimeout(3000)));
        assertEquals(List.of("e1"), first);
        assertEquals(List.of("e1"), last);
    }
}

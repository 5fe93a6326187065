package io.ringback.media.rtp;

import io.ringback.media.app.EndpointEvent;
import io.ringback.media.codec.Law;
import io.ringback.media.dtmf.DtmfDigit;
import io.ringback.media.dtmf.DtmfMethod;
import io.ringback.media.sdp.NegotiatedMedia;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpEndpointTest {

    @Test
    void subscribersAreNeverCalledWhileTheEndpointIsLocked() throws Exception {
        int base = 45000 + 2 * (int) (Math.random() * 500);
        PortPool pool = new PortPool("127.0.0.1", base, base + 1);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<String> delivered = new ArrayList<>();
        RtpEndpoint[] endpoint = new RtpEndpoint[1];
        endpoint[0] = new RtpEndpoint("ep", pool.allocate(), Clock.fixed(start, ZoneOffset.UTC), Duration.ofSeconds(3),
                event -> delivered.add(event.getClass().getSimpleName() + (Thread.holdsLock(endpoint[0]) ? " locked" : "")),
                new LongAdder());
        endpoint[0].negotiated(new NegotiatedMedia(Law.PCMU, 101, "127.0.0.1", base + 100, "sendrecv"));
        assertTrue(endpoint[0].feed(new DtmfDigit('5', DtmfMethod.SIP_INFO, 100)));
        assertEquals(EndpointEvent.CloseReason.MEDIA_TIMEOUT, endpoint[0].tick(start.plusSeconds(3), 0));
        assertTrue(endpoint[0].close(EndpointEvent.CloseReason.MEDIA_TIMEOUT));
        assertEquals(List.of("DtmfDetected", "MediaTimeout", "EndpointClosed"), delivered);
    }

    @Test
    void aLapsedLeaseOrTheMaximumLifetimeEndsTheEndpointWithItsOwnReasonAndNoMediaTimeout() throws Exception {
        int base = 45000 + 2 * (int) (Math.random() * 500);
        PortPool pool = new PortPool("127.0.0.1", base, base + 3);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<String> delivered = new ArrayList<>();
        SessionLease lease = new SessionLease(Duration.ofSeconds(10), start);
        RtpEndpoint leased = new RtpEndpoint("a", "s", lease, null, pool.allocate(), Clock.fixed(start, ZoneOffset.UTC),
                Duration.ofSeconds(30), event -> delivered.add(event.getClass().getSimpleName()), new LongAdder());
        assertEquals(null, leased.tick(start.plusSeconds(9), 0));
        assertEquals(start.plusSeconds(19), lease.renew(start.plusSeconds(9)));
        assertEquals(null, leased.tick(start.plusSeconds(18), 0));
        assertEquals(EndpointEvent.CloseReason.LEASE_EXPIRED, leased.tick(start.plusSeconds(19), 0));

        RtpEndpoint limited = new RtpEndpoint("b", "s", null, start.plusSeconds(20), pool.allocate(),
                Clock.fixed(start, ZoneOffset.UTC), Duration.ofSeconds(30), event -> delivered.add(event.getClass().getSimpleName()),
                new LongAdder());
        assertEquals(null, limited.tick(start.plusSeconds(19), 0));
        assertEquals(EndpointEvent.CloseReason.MAX_LIFETIME, limited.tick(start.plusSeconds(20), 0));
        assertEquals(List.of(), delivered);
        leased.close(EndpointEvent.CloseReason.LEASE_EXPIRED);
        limited.close(EndpointEvent.CloseReason.MAX_LIFETIME);
    }
}

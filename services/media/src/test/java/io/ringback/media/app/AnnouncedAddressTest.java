package io.ringback.media.app;

import io.ringback.media.config.MediaConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AnnouncedAddressTest {

    private static MediaConfig.Rtp rtp(String bind, String announced) {
        return new MediaConfig.Rtp() {
            public int portMin() { return 20000; }
            public int portMax() { return 29999; }
            public Duration inactivityTimeout() { return Duration.ofSeconds(30); }
            public String address() { return bind; }
            public Optional<String> announcedAddress() { return Optional.ofNullable(announced); }
            public Duration rtcpInterval() { return Duration.ofSeconds(5); }
        };
    }

    @Test
    void sdpAnnouncesTheConfiguredPublicAddressOrTheBindAddress() {
        assertEquals("10.0.0.7", MediaServer.announcedAddress(rtp("10.0.0.7", null)));
        assertEquals("203.0.113.10", MediaServer.announcedAddress(rtp("0.0.0.0", "203.0.113.10")));
        assertEquals("2001:db8::10", MediaServer.announcedAddress(rtp("::", "2001:db8::10")));
    }

    @Test
    void aWildcardWithoutAnAnnouncedAddressOrAHostNameStopsTheServiceNamingTheKey() {
        assertEquals("ringback.media.rtp.address is the wildcard 0.0.0.0: set ringback.media.rtp.announced-address"
                        + " to the address phones send RTP to",
                assertThrows(IllegalStateException.class, () -> MediaServer.announcedAddress(rtp("0.0.0.0", null))).getMessage());
        assertEquals("ringback.media.rtp.announced-address 'media.example.com' must be an IPv4 or IPv6 literal"
                        + " (SDP c= may not name a host)",
                assertThrows(IllegalStateException.class,
                        () -> MediaServer.announcedAddress(rtp("0.0.0.0", "media.example.com"))).getMessage());
    }
}

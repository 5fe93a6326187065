package io.ringback.media.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Configuration of the media service, keys under {@code ringback.media}. */
@ConfigMapping(prefix = "ringback.media")
public interface MediaConfig {

    /** RTP settings. */
    Rtp rtp();

    interface Rtp {

        /**
         * {@code ringback.media.rtp.port-min}: lowest UDP port of the RTP range (even; RTCP takes
         * the odd port above each RTP port). Default {@code 20000}.
         */
        @WithDefault("20000")
        int portMin();

        /**
         * {@code ringback.media.rtp.port-max}: highest UDP port of the range, RTCP ports included (with
         * an even value the last even port stays unused: its RTCP port would be outside). Default
         * {@code 29999}.
         */
        @WithDefault("29999")
        int portMax();

        /**
         * {@code ringback.media.rtp.inactivity-timeout}: how long an endpoint may receive no RTP before
         * a media-timeout event reports the call dead (ISO-8601 duration). Default {@code PT30S}.
         */
        @WithDefault("PT30S")
        Duration inactivityTimeout();

        /**
         * {@code ringback.media.rtp.address}: the IP address RTP sockets bind to and that SDP
         * announces (c= line); in Kubernetes the pod IP. Default {@code 127.0.0.1}.
         */
        @WithDefault("127.0.0.1")
        String address();

        /**
         * {@code ringback.media.rtp.rtcp-interval}: how often each endpoint sends its RTCP report
         * (SR, or RR when it sent nothing) to the far end (ISO-8601 duration). Default {@code PT5S}
         * (RFC 3550 §6.2 minimum).
         */
        @WithDefault("PT5S")
        Duration rtcpInterval();
    }
}

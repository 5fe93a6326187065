package io.ringback.media.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Configuration of the media service, keys under {@code ringback.media}. */
@ConfigMapping(prefix = "ringback.media")
public interface MediaConfig {

    /** RTP settings. */
    Rtp rtp();

    /**
     * {@code ringback.media.instance-id}: this instance's name, the prefix of every endpoint id it
     * hands out ({@code <instance>~<uuid>}), so signaling sends later calls for an endpoint to the
     * instance that owns it. 1-63 of a-z, 0-9 and '-'; in Kubernetes the pod name (a StatefulSet's
     * {@code media-0}). Default {@code media}.
     */
    @WithDefault("media")
    String instanceId();

    /** Sessions and their endpoints' lifetime. */
    Session session();

    /** Events kept for subscribers that reconnect. */
    Events events();

    interface Session {
        /**
         * {@code ringback.media.session.max-lifetime}: the lifetime of an endpoint created with neither
         * a lease nor a maximum lifetime, so that nothing relays forever (ISO-8601). Default {@code PT4H}.
         */
        @WithDefault("PT4H")
        Duration maxLifetime();
    }

    interface Events {
        /**
         * {@code ringback.media.events.retention}: how long a session's events stay readable again
         * after its last endpoint closed (ISO-8601). Default {@code PT5M}.
         */
        @WithDefault("PT5M")
        Duration retention();

        /**
         * {@code ringback.media.events.per-session}: the most events kept per session (the oldest go
         * first). Default {@code 1000}.
         */
        @WithDefault("1000")
        int perSession();
    }

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
         * {@code ringback.media.rtp.address}: the IP address RTP sockets bind to (the pod IP, or
         * {@code 0.0.0.0} for every interface). Default {@code 127.0.0.1}.
         */
        @WithDefault("127.0.0.1")
        String address();

        /**
         * {@code ringback.media.rtp.announced-address}: the IP address SDP announces (c= and o=
         * lines), where phones and gateways send RTP: the node's public address behind NAT or with
         * host networking. Default: {@code address} (required when that is a wildcard).
         */
        Optional<String> announcedAddress();

        /**
         * {@code ringback.media.rtp.rtcp-interval}: how often each endpoint sends its RTCP report
         * (SR, or RR when it sent nothing) to the far end (ISO-8601 duration). Default {@code PT5S}
         * (RFC 3550 §6.2 minimum).
         */
        @WithDefault("PT5S")
        Duration rtcpInterval();
    }
}

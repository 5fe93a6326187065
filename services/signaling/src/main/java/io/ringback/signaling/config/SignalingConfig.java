package io.ringback.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Configuration of the signaling service, keys under {@code ringback.signaling}. */
@ConfigMapping(prefix = "ringback.signaling")
public interface SignalingConfig {

    /** The SIP listeners. */
    Sip sip();

    interface Sip {

        /**
         * {@code ringback.signaling.sip.bind-address}: the local address the UDP and TCP listeners bind,
         * {@code 0.0.0.0} for every IPv4 address. Default {@code 0.0.0.0}.
         */
        @WithDefault("0.0.0.0")
        String bindAddress();

        /**
         * {@code ringback.signaling.sip.port}: the port of both listeners (UDP and TCP). Default {@code 5060}.
         */
        @WithDefault("5060")
        int port();

        /**
         * {@code ringback.signaling.sip.advertised-address}: the host (name or address) written into our
         * Via and Contact headers when it differs from the bind address, e.g. the public address behind
         * NAT or the Kubernetes Service's. Unset: the bind address.
         */
        Optional<String> advertisedAddress();

        /**
         * {@code ringback.signaling.sip.threads}: how many requests the stack hands to the service at once
         * (each waits on accounts and the database). Default {@code 64}.
         */
        @WithDefault("64")
        int threads();

        /**
         * {@code ringback.signaling.sip.trigger-workers}: how many triggers are worked on at once, off the
         * stack's threads (each may wait on accounts and the database). Default {@code 32}.
         */
        @WithDefault("32")
        int triggerWorkers();

        /**
         * {@code ringback.signaling.sip.trigger-queue}: triggers that may wait for a worker; one more is
         * refused {@code 503} with {@code Retry-After} at once instead of waiting. Default {@code 256}.
         */
        @WithDefault("256")
        int triggerQueue();

        /**
         * {@code ringback.signaling.sip.retry-after}: the {@code Retry-After} of every {@code 503} (overload,
         * a source over its limit, accounts or the database not answering), in whole seconds. Default {@code 5s}.
         */
        @WithDefault("5s")
        Duration retryAfter();

        /**
         * {@code ringback.signaling.sip.session-expires}: the RFC 4028 session interval we ask for on the
         * legs we originate (at least 90s); we refresh at half of it, and a leg not refreshed in time is
         * ended as dead. Default {@code 1800s}.
         */
        @WithDefault("1800s")
        Duration sessionExpires();
    }

    /** The trigger's in-memory view of DIDs and callback services. */
    Directory directory();

    interface Directory {

        /**
         * {@code ringback.signaling.directory.refresh-interval}: how often each replica checks the
         * configuration revision and reloads its directory when it changed; a change made on any
         * replica reaches every replica within it. Default {@code 250ms}.
         */
        @WithDefault("250ms")
        Duration refreshInterval();
    }

    /** The trigger's platform-wide limits: keys {@code ringback.signaling.trigger.*}. */
    Trigger trigger();

    interface Trigger {

        /**
         * {@code ringback.signaling.trigger.per-caller-per-minute}: triggers one caller ID may send in a
         * minute; 0 = no limit. Default {@code 10}.
         */
        @WithDefault("10")
        int perCallerPerMinute();

        /**
         * {@code ringback.signaling.trigger.per-source-per-second}: triggers one source address may send in
         * a second; 0 = no limit. Default {@code 200}.
         */
        @WithDefault("200")
        int perSourcePerSecond();

        /** {@code ringback.signaling.trigger.caller-limit-code}: the answer over the caller limit. Default {@code 486}. */
        @WithDefault("486")
        int callerLimitCode();

        /** {@code ringback.signaling.trigger.source-limit-code}: the answer over the source limit. Default {@code 503}. */
        @WithDefault("503")
        int sourceLimitCode();

        /**
         * {@code ringback.signaling.trigger.account-limit-code}: the answer when the account has its
         * service's maximum of concurrent callbacks. Default {@code 486}.
         */
        @WithDefault("486")
        int accountLimitCode();

        /**
         * {@code ringback.signaling.trigger.job-ttl}: how long after its not-before time a job may still
         * start; later it is dropped, not dialed. Default {@code 5m}.
         */
        @WithDefault("5m")
        Duration jobTtl();
    }

    /** The services the configuration API asks before it saves: keys {@code ringback.signaling.peers.*}. */
    Peers peers();

    interface Peers {

        /**
         * {@code ringback.signaling.peers.media-timeout}: how long saving a template waits for media to
         * say which of its prompts exist. Default {@code 2s}.
         */
        @WithDefault("2s")
        Duration mediaTimeout();

        /**
         * {@code ringback.signaling.peers.rating-timeout}: how long saving a gateway waits for rating to
         * describe its vendor rate table. Default {@code 2s}.
         */
        @WithDefault("2s")
        Duration ratingTimeout();
    }

    /** The sealing of gateways' digest passwords: keys {@code ringback.signaling.gateway-credentials.*}. */
    GatewayCredentials gatewayCredentials();

    interface GatewayCredentials {

        /**
         * {@code ringback.signaling.gateway-credentials.key}: 32 random bytes in base64, the AES-256-GCM
         * key digest passwords are sealed with; the same on every replica. Unset: storing credentials
         * is refused (503). Env: {@code RINGBACK_SIGNALING_GATEWAY_CREDENTIALS_KEY}.
         */
        Optional<String> key();
    }

    /** The callback workers. */
    Jobs jobs();

    interface Jobs {

        /**
         * {@code ringback.signaling.jobs.enabled}: consume {@code callback.jobs}, claim due jobs and run
         * their calls. Default {@code false}: it needs the callback driver (a {@code CallbackRunner}
         * bean); an instance with it on and no driver does not start.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * {@code ringback.signaling.jobs.instance-id}: who holds a claim ({@code callback_job.claimed_by});
         * unique per running instance. Unset: the host name (the pod name on Kubernetes) and a random suffix.
         */
        Optional<String> instanceId();

        /** {@code ringback.signaling.jobs.group-id}: the consumer group on {@code callback.jobs}. */
        @WithDefault("ringback-signaling-jobs")
        String groupId();

        /**
         * {@code ringback.signaling.jobs.lease}: how long a claim lasts unless renewed; an instance that
         * dies loses its jobs to another instance after this. Default {@code 30s}.
         */
        @WithDefault("30s")
        Duration lease();

        /**
         * {@code ringback.signaling.jobs.tick}: how often due jobs are started and leases renewed
         * (well within the lease). Default {@code 250ms}.
         */
        @WithDefault("250ms")
        Duration tick();

        /**
         * {@code ringback.signaling.jobs.sweep-interval}: how often the database is searched for due jobs
         * no instance started and for lapsed leases. Default {@code 10s}.
         */
        @WithDefault("10s")
        Duration sweepInterval();

        /**
         * {@code ringback.signaling.jobs.sweep-grace}: how long a due job is left to the instance whose
         * partition it came on before any instance's sweep starts it. Default {@code 5s}.
         */
        @WithDefault("5s")
        Duration sweepGrace();

        /** {@code ringback.signaling.jobs.sweep-limit}: jobs started by one sweep at most. Default {@code 200}. */
        @WithDefault("200")
        int sweepLimit();
    }
}

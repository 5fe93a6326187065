package io.ringback.media.app;

import io.ringback.common.Failure;
import io.ringback.media.config.MediaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fans endpoint events out to the subscribers of the Events stream, numbering them per session
 * ({@code sessionSequence} 1, 2, 3, ...) and keeping each session's last events (at most
 * {@code perSession}) until {@code retention} after its last endpoint closed, so a subscriber that
 * reconnects reads what it missed from the position it had reached. The events of one session
 * are numbered, kept and delivered under that session's lock, and a subscription with replay
 * takes the same lock: nothing is missed or delivered twice between the replay and the live
 * events. The log is this instance's memory: it does not survive a restart of the media service
 * itself (its endpoints do not either).
 */
@ApplicationScoped
public class MediaEventBus {

    private static final Logger LOG = Logger.getLogger(MediaEventBus.class.getName());

    /** One session's numbering and kept events. */
    private static final class SessionLog {
        final ArrayDeque<EndpointEvent> kept = new ArrayDeque<>();
        long lastSequence;
        Instant endedAt;
    }

    private final CopyOnWriteArrayList<Consumer<EndpointEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong subscriptionsOpened = new AtomicLong();
    private final Map<String, SessionLog> logs = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration retention;
    private final int perSession;

    @Inject
    public MediaEventBus(MediaConfig config, Clock clock) {
        this(clock, config.events().retention(), config.events().perSession());
    }

    public MediaEventBus(Clock clock, Duration retention, int perSession) {
        this.clock = clock;
        this.retention = retention;
        this.perSession = Math.max(1, perSession);
    }

    /** Subscribes to the live events of every session; run the returned handle to unsubscribe. */
    public Runnable subscribe(Consumer<EndpointEvent> subscriber) {
        subscribers.add(subscriber);
        subscriptionsOpened.incrementAndGet();
        return () -> subscribers.remove(subscriber);
    }

    /**
     * Subscribes after handing {@code subscriber} the kept events of {@code sessionId} whose
     * session sequence is greater than {@code after}; from then on it gets the live events.
     *
     * @throws Failure {@code events-expired} (gRPC FAILED_PRECONDITION) when some event after
     *                 {@code after} is no longer kept
     */
    public Runnable subscribeFrom(String sessionId, long after, Consumer<EndpointEvent> subscriber) {
        SessionLog log = logs.get(sessionId);
        if (log == null) {
            if (after > 0) {
                throw expired(sessionId, after, "none of its events is kept (it ended more than " + retention + " ago, or never existed here)");
            }
            return subscribe(subscriber);
        }
        synchronized (log) {
            long firstKept = log.kept.isEmpty() ? log.lastSequence + 1 : log.kept.peekFirst().sessionSequence();
            if (after + 1 < firstKept) {
                throw expired(sessionId, after, "the oldest event kept is " + firstKept);
            }
            for (EndpointEvent event : log.kept) {
                if (event.sessionSequence() > after) {
                    deliver(subscriber, event);
                }
            }
            return subscribe(subscriber);
        }
    }

    private static Failure expired(String sessionId, long after, String why) {
        return Failure.conflict("events-expired", "Events expired",
                "events of session " + sessionId + " after " + after + " are no longer kept: " + why);
    }

    /**
     * How many subscriptions were ever opened. It only grows, so a caller that read it before
     * opening a stream knows its own subscription is live once the count passes that reading,
     * whatever other streams closed meanwhile.
     */
    public long subscriptionsOpened() {
        return subscriptionsOpened.get();
    }

    /** Numbers the event in its session, keeps it, and delivers it to every subscriber. */
    void publish(EndpointEvent event) {
        SessionLog log = logs.computeIfAbsent(event.sessionId(), id -> new SessionLog());
        synchronized (log) {
            log.endedAt = null;
            EndpointEvent numbered = new EndpointEvent(event.eventId(), event.occurredAt(), event.sessionId(),
                    event.legId(), event.endpointId(), event.sequence(), ++log.lastSequence, event.payload());
            log.kept.addLast(numbered);
            if (log.kept.size() > perSession) {
                log.kept.removeFirst();
            }
            for (Consumer<EndpointEvent> subscriber : subscribers) {
                deliver(subscriber, numbered);
            }
        }
    }

    /** The session's last endpoint closed: its events are kept for the retention time from now. */
    void sessionEnded(String sessionId) {
        Instant now = clock.instant();
        SessionLog log = logs.get(sessionId);
        if (log != null) {
            synchronized (log) {
                log.endedAt = now;
            }
        }
        List<String> gone = new ArrayList<>();
        logs.forEach((id, l) -> {
            synchronized (l) {
                if (l.endedAt != null && !now.isBefore(l.endedAt.plus(retention))) {
                    gone.add(id);
                }
            }
        });
        gone.forEach(logs::remove);
    }

    /** How many sessions have events kept (for the metric and tests). */
    public int sessionsKept() {
        return logs.size();
    }

    private static void deliver(Consumer<EndpointEvent> subscriber, EndpointEvent event) {
        try {
            subscriber.accept(event);
        } catch (RuntimeException e) {
            // One broken subscriber must neither starve the others nor fail the endpoint publishing.
            LOG.log(Level.WARNING, "an Events subscriber failed on event " + event.eventId(), e);
        }
    }
}

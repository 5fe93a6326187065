package io.ringback.signaling.adapter.kafka;

import com.google.protobuf.Timestamp;
import io.ringback.proto.common.v1.CtdMode;
import io.ringback.proto.common.v1.LegRole;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.HangupParty;
import io.ringback.proto.events.v1.LegEvent;
import io.ringback.proto.events.v1.LegState;
import io.ringback.proto.events.v1.PlatformReason;
import io.ringback.proto.events.v1.SessionEnded;
import io.ringback.proto.events.v1.SessionOutcome;
import io.ringback.service.outbox.OutboxRepository;
import io.ringback.signaling.core.callback.Command;
import io.ringback.signaling.core.callback.LegChange;
import io.ringback.signaling.core.callback.SessionEnd;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * The callback state machine's leg changes and session end markers onto {@code call.legs}, through
 * the outbox: mapped field by field to {@code LegEvent} / {@code SessionEnded} (schema version 1,
 * key = session id, a new event id each) and appended in the caller's transaction, the one that
 * stores the state change. The relay publishes them in the order they were appended (one relay at a
 * time, decision 0013), so a session's events keep their order; with the broker away they wait in
 * {@code outbox_event} and nothing is lost. Appending waits on the database: call it from the
 * session's own executor, never from a SIP stack thread.
 */
@ApplicationScoped
public class LegEventOutbox {

    static final int SCHEMA_VERSION = 1;

    private final DataSource dataSource;
    private final OutboxRepository outbox;

    public LegEventOutbox(DataSource dataSource, OutboxRepository outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /** The database did not take a leg event. */
    public static class LegEventsUnavailable extends RuntimeException {
        public LegEventsUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Publishes the event of a {@link Command.PublishLeg} or {@link Command.PublishEnd} in a
     * transaction of its own (the driver's {@code CallbackPorts.legEvents}).
     *
     * @throws IllegalArgumentException for any other command
     * @throws LegEventsUnavailable when the database did not take it
     */
    public void publish(Command command) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!append(connection, command)) {
                    throw new IllegalArgumentException("not a leg event command: " + command);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LegEventsUnavailable("the leg event of " + command + " was not stored", e);
        }
    }

    /** Appends the event of a {@link Command.PublishLeg} or {@link Command.PublishEnd}; false for any other command. */
    public boolean append(Connection connection, Command command) throws SQLException {
        if (command instanceof Command.PublishLeg leg) {
            append(connection, leg.change());
            return true;
        }
        if (command instanceof Command.PublishEnd end) {
            append(connection, end.end());
            return true;
        }
        return false;
    }

    public void append(Connection connection, LegChange change) throws SQLException {
        LegEvent event = legEvent(UUID.randomUUID(), change);
        outbox.append(connection, EventTopics.CALL_LEGS, change.sessionId().toString(),
                UUID.fromString(event.getEventId()), Instant.ofEpochMilli(change.occurredAtMs()), event);
    }

    public void append(Connection connection, SessionEnd end) throws SQLException {
        SessionEnded event = sessionEnded(UUID.randomUUID(), end);
        outbox.append(connection, EventTopics.CALL_LEGS, end.sessionId().toString(),
                UUID.fromString(event.getEventId()), Instant.ofEpochMilli(end.occurredAtMs()), event);
    }

    static LegEvent legEvent(UUID eventId, LegChange change) {
        LegEvent.Builder event = LegEvent.newBuilder()
                .setEventId(eventId.toString())
                .setOccurredAt(timestamp(change.occurredAtMs()))
                .setSchemaVersion(SCHEMA_VERSION)
                .setSessionId(change.sessionId().toString())
                .setLegId(change.legId().toString())
                .setRole(change.role() == io.ringback.signaling.core.callback.LegRole.A ? LegRole.LEG_ROLE_A
                        : LegRole.LEG_ROLE_B)
                .setState(LegState.valueOf("LEG_STATE_" + change.state().name()))
                .setCtdMode("FLOW".equals(change.ctdMode()) ? CtdMode.CTD_MODE_FLOW : CtdMode.CTD_MODE_STANDARD)
                .setSipCode(change.sipCode())
                .setQ850Cause(change.q850Cause())
                .setHangupBy(HangupParty.valueOf("HANGUP_PARTY_" + change.hangupBy().name()))
                .setPlatformReason(PlatformReason.valueOf("PLATFORM_REASON_" + change.platformReason().name()))
                .setAttempt(change.attempt())
                .setRouteIndex(change.routeIndex())
                .setMaxDurationMs(change.maxDurationMs())
                .setDurationMs(change.durationMs())
                .setSequence(change.sequence())
                .setSessionSequence(change.sessionSequence());
        setIfPresent(change.callerNumber(), event::setCallerNumber);
        setIfPresent(change.calledNumber(), event::setCalledNumber);
        setIfPresent(change.dialedNumber(), event::setDialedNumber);
        setIfPresent(change.sentNumber(), event::setSentNumber);
        setIfPresent(change.did(), event::setDid);
        setIfPresent(change.accountId(), event::setAccountId);
        setIfPresent(change.phoneCardId(), event::setPhoneCardId);
        setIfPresent(change.serviceId(), event::setCallbackServiceId);
        setIfPresent(change.flowRateTableId(), event::setFlowRateTableId);
        setIfPresent(change.gatewayId(), event::setGatewayId);
        setIfPresent(change.costRateTableId(), event::setCostRateTableId);
        setIfPresent(change.digits(), event::setDigits);
        setIfPresent(change.sipCallId(), event::setSipCallId);
        setIfPresent(change.reservationId(), event::setReservationId);
        setIfPresent(change.instanceId(), event::setInstanceId);
        if (change.originatedAtMs() > 0) {
            event.setOriginatedAt(timestamp(change.originatedAtMs()));
        }
        if (change.ringingAtMs() > 0) {
            event.setRingingAt(timestamp(change.ringingAtMs()));
        }
        if (change.answeredAtMs() > 0) {
            event.setAnsweredAt(timestamp(change.answeredAtMs()));
        }
        if (change.endedAtMs() > 0) {
            event.setEndedAt(timestamp(change.endedAtMs()));
        }
        return event.build();
    }

    static SessionEnded sessionEnded(UUID eventId, SessionEnd end) {
        SessionEnded.Builder event = SessionEnded.newBuilder()
                .setEventId(eventId.toString())
                .setOccurredAt(timestamp(end.occurredAtMs()))
                .setSchemaVersion(SCHEMA_VERSION)
                .setSessionId(end.sessionId().toString())
                .setOutcome(SessionOutcome.valueOf("SESSION_OUTCOME_" + end.outcome().name()))
                .setHangupBy(HangupParty.valueOf("HANGUP_PARTY_" + end.hangupBy().name()))
                .setPlatformReason(PlatformReason.valueOf("PLATFORM_REASON_" + end.platformReason().name()))
                .setSessionSequence(end.sessionSequence())
                .setStartedAt(timestamp(end.startedAtMs()));
        end.legIds().forEach(leg -> event.addLegIds(leg.toString()));
        event.addAllReservationIds(end.reservationIds());
        setIfPresent(end.accountId(), event::setAccountId);
        setIfPresent(end.phoneCardId(), event::setPhoneCardId);
        setIfPresent(end.serviceId(), event::setCallbackServiceId);
        return event.build();
    }

    private static void setIfPresent(String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static Timestamp timestamp(long epochMillis) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(epochMillis, 1000))
                .setNanos((int) Math.floorMod(epochMillis, 1000) * 1_000_000).build();
    }
}

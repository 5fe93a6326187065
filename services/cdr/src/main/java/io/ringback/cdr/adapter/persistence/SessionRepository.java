package io.ringback.cdr.adapter.persistence;

import io.ringback.cdr.domain.LegCdr;
import io.ringback.cdr.domain.LegFact;
import io.ringback.cdr.domain.SessionEnd;
import io.ringback.cdr.domain.SessionRecord;
import io.ringback.proto.events.v1.LegEvent;
import io.ringback.proto.events.v1.SessionEnded;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Sessions, their stored events and their assembled CDRs. */
@ApplicationScoped
public class SessionRepository {

    /** Creates the session's row if needed and locks it; answers whether it is still open. */
    public boolean lockOpen(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO call_session (session_id, status) VALUES (?, 'OPEN') ON CONFLICT (session_id) DO NOTHING")) {
            insert.setString(1, sessionId);
            insert.executeUpdate();
        }
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT status FROM call_session WHERE session_id = ? FOR UPDATE")) {
            lock.setString(1, sessionId);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                return "OPEN".equals(row.getString(1));
            }
        }
    }

    public List<LegFact> legFacts(Connection c, String sessionId) throws SQLException {
        List<LegFact> facts = new ArrayList<>();
        for (byte[] payload : payloads(c, "SELECT payload FROM leg_event WHERE session_id = ?", sessionId)) {
            facts.add(EventFacts.fact(parse(() -> LegEvent.parseFrom(payload))));
        }
        return facts;
    }

    public List<SessionEnd> markers(Connection c, String sessionId) throws SQLException {
        List<SessionEnd> markers = new ArrayList<>();
        for (byte[] payload : payloads(c, "SELECT payload FROM session_marker WHERE session_id = ?", sessionId)) {
            markers.add(EventFacts.marker(parse(() -> SessionEnded.parseFrom(payload))));
        }
        return markers;
    }

    /** When the latest of the session's events was received; null when none is stored. */
    public Instant lastReceivedAt(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT greatest((SELECT max(received_at) FROM leg_event WHERE session_id = ?),
                                (SELECT max(received_at) FROM session_marker WHERE session_id = ?))""")) {
            query.setString(1, sessionId);
            query.setString(2, sessionId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                Timestamp last = row.getTimestamp(1);
                return last == null ? null : last.toInstant();
            }
        }
    }

    /** Open sessions whose recheck moment is at or before {@code now}, earliest first. */
    public List<String> dueForRecheck(Connection c, Instant now, int limit) throws SQLException {
        return sessionIdsDue(c, """
                SELECT session_id FROM call_session WHERE status = 'OPEN' AND recheck_at <= ?
                ORDER BY recheck_at LIMIT ?""", now, limit);
    }

    /** The session ids a query with a moment and a limit as its parameters answers, in its order. */
    static List<String> sessionIdsDue(Connection c, String sql, Instant now, int limit) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setTimestamp(1, Timestamp.from(now));
            query.setInt(2, limit);
            List<String> due = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    due.add(rows.getString(1));
                }
            }
            return due;
        }
    }

    public void recheckAt(Connection c, String sessionId, Instant recheckAt) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE call_session SET recheck_at = ? WHERE session_id = ?")) {
            update.setTimestamp(1, recheckAt == null ? null : Timestamp.from(recheckAt));
            update.setString(2, sessionId);
            update.executeUpdate();
        }
    }

    public void assembled(Connection c, SessionRecord s, List<LegCdr> legs, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE call_session SET status = 'ASSEMBLED', recheck_at = NULL, account_id = ?, phone_card_id = ?,
                    callback_service_id = ?, ctd_mode = ?, flow_rate_table_id = ?, did = ?, leg_ids = ?,
                    missing_leg_ids = ?, outcome = ?, hangup_by = ?, platform_reason = ?, reservation_ids = ?,
                    completion = ?, started_at = ?, ended_at = ?, assembled_at = ?, rating_due_at = ?,
                    bill_leg_a_when_leg_b_failed = ?
                WHERE session_id = ?""")) {
            int i = 1;
            update.setString(i++, s.accountId());
            update.setString(i++, s.phoneCardId());
            update.setString(i++, s.callbackServiceId());
            update.setString(i++, s.ctdMode());
            update.setString(i++, s.flowRateTableId());
            update.setString(i++, s.did());
            update.setArray(i++, c.createArrayOf("text", s.legIds().toArray()));
            update.setArray(i++, c.createArrayOf("text", s.missingLegIds().toArray()));
            update.setString(i++, s.outcome());
            update.setString(i++, s.hangupBy());
            update.setString(i++, s.platformReason());
            update.setArray(i++, c.createArrayOf("text", s.reservationIds().toArray()));
            update.setString(i++, s.completion().name());
            setInstant(update, i++, s.startedAt());
            setInstant(update, i++, s.endedAt());
            setInstant(update, i++, now);
            setInstant(update, i++, now);
            update.setBoolean(i++, s.billLegAWhenLegBFailed());
            update.setString(i, s.sessionId());
            update.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO cdr (cdr_id, session_id, leg_id, role, attempt, route_index, caller_number, called_number,
                    dialed_number, sent_number, gateway_id, cost_rate_table_id, sip_call_id, originated_at, ringing_at,
                    answered_at, ended_at, duration_ms, answered, final_state, sip_code, q850_cause, hangup_by,
                    platform_reason, digits, max_duration_ms, reservation_id, instance_id, closure, problem,
                    assembled_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (leg_id) DO NOTHING""")) {
            for (LegCdr leg : legs) {
                int i = 1;
                insert.setObject(i++, leg.cdrId());
                insert.setString(i++, leg.sessionId());
                insert.setString(i++, leg.legId());
                insert.setString(i++, leg.role() == null ? null : leg.role().name());
                insert.setInt(i++, leg.attempt());
                insert.setInt(i++, leg.routeIndex());
                insert.setString(i++, leg.callerNumber());
                insert.setString(i++, leg.calledNumber());
                insert.setString(i++, leg.dialedNumber());
                insert.setString(i++, leg.sentNumber());
                insert.setString(i++, leg.gatewayId());
                insert.setString(i++, leg.costRateTableId());
                insert.setString(i++, leg.sipCallId());
                setInstant(insert, i++, leg.originatedAt());
                setInstant(insert, i++, leg.ringingAt());
                setInstant(insert, i++, leg.answeredAt());
                setInstant(insert, i++, leg.endedAt());
                insert.setLong(i++, leg.durationMs());
                insert.setBoolean(i++, leg.answered());
                insert.setString(i++, leg.finalState().name());
                insert.setInt(i++, leg.sipCode());
                insert.setInt(i++, leg.q850Cause());
                insert.setString(i++, leg.hangupBy());
                insert.setString(i++, leg.platformReason());
                insert.setString(i++, leg.digits());
                insert.setLong(i++, leg.maxDurationMs());
                insert.setString(i++, leg.reservationId());
                insert.setString(i++, leg.instanceId());
                insert.setString(i++, leg.closure().name());
                insert.setString(i++, leg.problem());
                setInstant(insert, i, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setTimestamp(index, Timestamp.from(instant));
        }
    }

    private static List<byte[]> payloads(Connection c, String sql, String sessionId) throws SQLException {
        List<byte[]> payloads = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, sessionId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    payloads.add(rows.getBytes(1));
                }
            }
        }
        return payloads;
    }

    private interface Parse<T> {
        T parse() throws com.google.protobuf.InvalidProtocolBufferException;
    }

    /** A stored payload was validated before it was stored: failing to read it back is a defect. */
    private static <T> T parse(Parse<T> parse) {
        try {
            return parse.parse();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("a stored call.legs payload cannot be read", e);
        }
    }
}

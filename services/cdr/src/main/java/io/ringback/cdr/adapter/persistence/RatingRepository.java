package io.ringback.cdr.adapter.persistence;

import io.ringback.cdr.domain.Completion;
import io.ringback.cdr.domain.LegCdr;
import io.ringback.cdr.domain.LegClosure;
import io.ringback.cdr.domain.LegRole;
import io.ringback.cdr.domain.LegState;
import io.ringback.cdr.domain.SessionRecord;
import io.ringback.cdr.domain.SessionToRate;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The rating state of assembled sessions and their CDRs, and the rated CDRs (schema V4). */
@ApplicationScoped
public class RatingRepository {

    /** One level's charge on a rated CDR, as stored in {@code rated_cdr_charge}. */
    public record LevelChargeRow(int level, String accountId, String rateTableId, String prefix, int billableSeconds,
                                 BigDecimal charge, String currency) {
    }

    /**
     * A rated CDR as stored in {@code rated_cdr}, with the payload written to the outbox: the
     * record's own id, the leg's CDR, and for a correction the record it replaces (else null).
     */
    public record RatedRow(UUID cdrId, UUID legCdrId, UUID correctsCdrId, UUID eventId, String sessionId, String legId, String accountId, String role,
                           String gatewayId, Instant endedAt, boolean billed, String ratedReason, int billableSeconds,
                           BigDecimal customerCharge, BigDecimal vendorCost, String currency, String prefix,
                           byte[] payload, List<LevelChargeRow> charges) {
    }

    /** Assembled sessions due for rating at {@code now}, earliest first. */
    public List<String> due(Connection c, Instant now, int limit) throws SQLException {
        return SessionRepository.sessionIdsDue(c, """
                SELECT session_id FROM call_session WHERE rating_due_at <= ? ORDER BY rating_due_at LIMIT ?""",
                now, limit);
    }

    /**
     * Locks the session's row until the transaction ends; answers how many ratings of it failed so
     * far, or -1 when it is no longer due (rated by another pass meanwhile).
     */
    public int lockDue(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT rating_attempts FROM call_session WHERE session_id = ? AND rating_due_at IS NOT NULL FOR UPDATE")) {
            lock.setString(1, sessionId);
            try (ResultSet row = lock.executeQuery()) {
                return row.next() ? row.getInt(1) : -1;
            }
        }
    }

    /** The assembled session with every leg CDR and which are not rated yet; null when not assembled. */
    public SessionToRate load(Connection c, String sessionId) throws SQLException {
        SessionRecord session;
        try (PreparedStatement query = c.prepareStatement("""
                SELECT account_id, phone_card_id, callback_service_id, ctd_mode, flow_rate_table_id, did, leg_ids,
                    missing_leg_ids, outcome, hangup_by, platform_reason, reservation_ids, completion, started_at,
                    ended_at, bill_leg_a_when_leg_b_failed
                FROM call_session WHERE session_id = ? AND status = 'ASSEMBLED'""")) {
            query.setString(1, sessionId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                session = new SessionRecord(sessionId, row.getString(1), row.getString(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getString(6), texts(row.getArray(7)),
                        texts(row.getArray(8)), row.getString(9), row.getString(10), row.getString(11),
                        texts(row.getArray(12)), Completion.valueOf(row.getString(13)), instant(row, 14),
                        instant(row, 15), row.getBoolean(16));
            }
        }
        List<LegCdr> legs = new ArrayList<>();
        Set<UUID> pending = new HashSet<>();
        try (PreparedStatement query = c.prepareStatement("""
                SELECT cdr_id, session_id, leg_id, role, attempt, route_index, caller_number, called_number,
                    dialed_number, sent_number, gateway_id, cost_rate_table_id, sip_call_id, originated_at, ringing_at,
                    answered_at, ended_at, duration_ms, answered, final_state, sip_code, q850_cause, hangup_by,
                    platform_reason, digits, max_duration_ms, reservation_id, instance_id, closure, problem,
                    rating_status
                FROM cdr WHERE session_id = ? ORDER BY originated_at, leg_id""")) {
            query.setString(1, sessionId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    LegCdr leg = new LegCdr(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
                            row.getString(4) == null ? null : LegRole.valueOf(row.getString(4)), row.getInt(5),
                            row.getInt(6), row.getString(7), row.getString(8), row.getString(9), row.getString(10),
                            row.getString(11), row.getString(12), row.getString(13), instant(row, 14),
                            instant(row, 15), instant(row, 16), instant(row, 17), row.getLong(18), row.getBoolean(19),
                            LegState.valueOf(row.getString(20)), row.getInt(21), row.getInt(22), row.getString(23),
                            row.getString(24), row.getString(25), row.getLong(26), row.getString(27),
                            row.getString(28), LegClosure.valueOf(row.getString(29)), row.getString(30));
                    legs.add(leg);
                    if (!"RATED".equals(row.getString(31))) {
                        pending.add(leg.cdrId());
                    }
                }
            }
        }
        return new SessionToRate(session, legs, pending);
    }

    /** The CDR could not be rated: it stays stored, UNRATED with the reason. */
    public void unrated(Connection c, UUID cdrId, String reason, String detail) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE cdr SET rating_status = 'UNRATED', unrated_reason = ?, unrated_detail = ?
                WHERE cdr_id = ? AND rating_status <> 'RATED'""")) {
            update.setString(1, reason);
            update.setString(2, detail);
            update.setObject(3, cdrId);
            update.executeUpdate();
        }
    }

    /** Stores a rated CDR once; answers false when it was rated before (nothing written then). */
    public boolean rated(Connection c, RatedRow rated, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO rated_cdr (cdr_id, leg_cdr_id, corrects_cdr_id, event_id, session_id, leg_id, account_id,
                    role, gateway_id, ended_at, billed, rated_reason, billable_seconds, customer_charge, vendor_cost,
                    currency, prefix, rated_at, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cdr_id) DO NOTHING""")) {
            int i = 1;
            insert.setObject(i++, rated.cdrId());
            insert.setObject(i++, rated.legCdrId());
            insert.setObject(i++, rated.correctsCdrId());
            insert.setObject(i++, rated.eventId());
            insert.setString(i++, rated.sessionId());
            insert.setString(i++, rated.legId());
            insert.setString(i++, rated.accountId());
            insert.setString(i++, rated.role());
            insert.setString(i++, rated.gatewayId());
            insert.setTimestamp(i++, Timestamp.from(rated.endedAt()));
            insert.setBoolean(i++, rated.billed());
            insert.setString(i++, rated.ratedReason());
            insert.setInt(i++, rated.billableSeconds());
            insert.setBigDecimal(i++, rated.customerCharge());
            insert.setBigDecimal(i++, rated.vendorCost());
            insert.setString(i++, rated.currency());
            insert.setString(i++, rated.prefix());
            insert.setTimestamp(i++, Timestamp.from(now));
            insert.setBytes(i, rated.payload());
            if (insert.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO rated_cdr_charge (cdr_id, level, account_id, rate_table_id, prefix, billable_seconds, charge,
                    currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (LevelChargeRow charge : rated.charges()) {
                int i = 1;
                insert.setObject(i++, rated.cdrId());
                insert.setInt(i++, charge.level());
                insert.setString(i++, charge.accountId());
                insert.setString(i++, charge.rateTableId());
                insert.setString(i++, charge.prefix());
                insert.setInt(i++, charge.billableSeconds());
                insert.setBigDecimal(i++, charge.charge());
                insert.setString(i, charge.currency());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE cdr SET rating_status = 'RATED', unrated_reason = '', unrated_detail = '' WHERE cdr_id = ?")) {
            update.setObject(1, rated.legCdrId());
            update.executeUpdate();
        }
        return true;
    }

    /** The leg's current rated record: its id and charge per level, or null when the leg was never rated. */
    public CurrentRecord current(Connection c, UUID legCdrId) throws SQLException {
        UUID cdrId = null;
        BigDecimal customerCharge = null;
        BigDecimal vendorCost = null;
        try (PreparedStatement query = c.prepareStatement("""
                SELECT cdr_id, customer_charge, vendor_cost FROM rated_cdr
                WHERE leg_cdr_id = ? AND superseded_by IS NULL""")) {
            query.setObject(1, legCdrId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                cdrId = row.getObject(1, UUID.class);
                customerCharge = row.getBigDecimal(2);
                vendorCost = row.getBigDecimal(3);
            }
        }
        List<LevelAmountRow> charges = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT level, account_id, charge FROM rated_cdr_charge WHERE cdr_id = ? ORDER BY level")) {
            query.setObject(1, cdrId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    charges.add(new LevelAmountRow(row.getInt(1), row.getString(2), row.getBigDecimal(3)));
                }
            }
        }
        return new CurrentRecord(cdrId, customerCharge, vendorCost, charges);
    }

    /** A leg's current rated record (the one no correction replaced). */
    public record CurrentRecord(UUID cdrId, BigDecimal customerCharge, BigDecimal vendorCost,
                                List<LevelAmountRow> charges) {
    }

    /** One level's charge of a record. */
    public record LevelAmountRow(int level, String accountId, BigDecimal charge) {
    }

    /** Marks the record replaced by a correction; answers false when it was no longer current. */
    public boolean supersede(Connection c, UUID cdrId, UUID correctionId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE rated_cdr SET superseded_by = ? WHERE cdr_id = ? AND superseded_by IS NULL")) {
            update.setObject(1, correctionId);
            update.setObject(2, cdrId);
            return update.executeUpdate() == 1;
        }
    }

    /** Locks an assembled session's row until the transaction ends; false when there is none. */
    public boolean lock(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT 1 FROM call_session WHERE session_id = ? AND status = 'ASSEMBLED' FOR UPDATE")) {
            lock.setString(1, sessionId);
            try (ResultSet row = lock.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Makes a session with unrated CDRs due for rating now (a retry brought forward). */
    public void dueNow(Connection c, String sessionId, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE call_session SET rating_due_at = LEAST(COALESCE(rating_due_at, ?), ?) WHERE session_id = ?""")) {
            SessionRepository.setInstant(update, 1, now);
            SessionRepository.setInstant(update, 2, now);
            update.setString(3, sessionId);
            update.executeUpdate();
        }
    }

    /**
     * After a rating pass: {@code nextDue} null = nothing of the session is left to retry;
     * otherwise it is due again then, one more failed attempt counted.
     */
    public void ratingDone(Connection c, String sessionId, Instant nextDue, int attempts) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE call_session SET rating_due_at = ?, rating_attempts = ? WHERE session_id = ?")) {
            SessionRepository.setInstant(update, 1, nextDue);
            update.setInt(2, attempts);
            update.setString(3, sessionId);
            update.executeUpdate();
        }
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp time = row.getTimestamp(column);
        return time == null ? null : time.toInstant();
    }
}

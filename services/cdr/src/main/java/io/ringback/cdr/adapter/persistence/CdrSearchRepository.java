package io.ringback.cdr.adapter.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Rated CDRs found by account (alone, or with its subtree: every CDR whose chain names it at some
 * level), session, number, gateway and end time, in (end time, CDR id) order, a page after a
 * keyset cursor: a deep page costs what the first one does.
 */
@ApplicationScoped
public class CdrSearchRepository {

    /** What to look for; null fields do not filter. {@code after*}: the cursor, both or neither. */
    public record Query(UUID accountId, boolean subtree, String sessionId, String number, String gatewayId,
                        Instant from, Instant to, Instant afterEndedAt, UUID afterCdrId, int limit) {
    }

    /** One rated CDR as the search lists it. */
    public record Found(UUID cdrId, String sessionId, String legId, String role, String accountId,
                        String callerNumber, String calledNumber, String gatewayId, Instant answeredAt,
                        Instant endedAt, long durationMs, int billableSeconds, boolean billed, String ratedReason,
                        BigDecimal customerCharge, BigDecimal vendorCost, String currency, String prefix,
                        UUID correctsCdrId) {
    }

    public List<Found> search(Connection c, Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT r.cdr_id, r.session_id, r.leg_id, r.role, r.account_id, c.caller_number, c.called_number,
                    r.gateway_id, c.answered_at, r.ended_at, c.duration_ms, r.billable_seconds, r.billed,
                    r.rated_reason, r.customer_charge, r.vendor_cost, r.currency, r.prefix, r.corrects_cdr_id
                FROM rated_cdr r JOIN cdr c ON c.cdr_id = r.leg_cdr_id WHERE r.superseded_by IS NULL""");
        List<Object> parameters = new ArrayList<>();
        if (q.accountId() != null) {
            sql.append(q.subtree()
                    ? " AND EXISTS (SELECT 1 FROM rated_cdr_charge ch WHERE ch.cdr_id = r.cdr_id AND ch.account_id = ?)"
                    : " AND r.account_id = ?");
            parameters.add(q.accountId().toString());
        }
        filter(sql, parameters, " AND r.session_id = ?", q.sessionId());
        if (q.number() != null) {
            sql.append(" AND (c.called_number = ? OR c.caller_number = ?)");
            parameters.add(q.number());
            parameters.add(q.number());
        }
        filter(sql, parameters, " AND r.gateway_id = ?", q.gatewayId());
        filter(sql, parameters, " AND r.ended_at >= ?", q.from() == null ? null : Timestamp.from(q.from()));
        filter(sql, parameters, " AND r.ended_at < ?", q.to() == null ? null : Timestamp.from(q.to()));
        if (q.afterEndedAt() != null) {
            sql.append(" AND (r.ended_at, r.cdr_id) > (?, ?)");
            parameters.add(Timestamp.from(q.afterEndedAt()));
            parameters.add(q.afterCdrId());
        }
        sql.append(" ORDER BY r.ended_at, r.cdr_id LIMIT ?");
        parameters.add(q.limit());
        try (PreparedStatement query = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                query.setObject(i + 1, parameters.get(i));
            }
            List<Found> found = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    Timestamp answered = row.getTimestamp(9);
                    found.add(new Found(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                            answered == null ? null : answered.toInstant(), row.getTimestamp(10).toInstant(),
                            row.getLong(11), row.getInt(12), row.getBoolean(13), row.getString(14),
                            row.getBigDecimal(15), row.getBigDecimal(16), row.getString(17), row.getString(18),
                            row.getObject(19, UUID.class)));
                }
            }
            return found;
        }
    }

    /**
     * The assembled sessions that ended in [from, to), at most {@code limit}: of the account (its
     * own, or any its rated charges name when {@code subtree}), or every one when it is null.
     */
    public List<String> sessionsEnded(Connection c, UUID accountId, boolean subtree, Instant from, Instant to,
                                      int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT s.session_id FROM call_session s
                WHERE s.status = 'ASSEMBLED' AND s.ended_at >= ? AND s.ended_at < ?""");
        List<Object> parameters = new ArrayList<>(List.of(Timestamp.from(from), Timestamp.from(to)));
        if (accountId != null) {
            sql.append(subtree ? """
                     AND (s.account_id = ? OR EXISTS (SELECT 1 FROM rated_cdr r JOIN rated_cdr_charge ch
                        ON ch.cdr_id = r.cdr_id WHERE r.session_id = s.session_id AND ch.account_id = ?))"""
                    : " AND s.account_id = ?");
            parameters.add(accountId.toString());
            if (subtree) {
                parameters.add(accountId.toString());
            }
        }
        sql.append(" ORDER BY s.ended_at, s.session_id LIMIT ?");
        parameters.add(limit);
        try (PreparedStatement query = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                query.setObject(i + 1, parameters.get(i));
            }
            List<String> sessions = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    sessions.add(row.getString(1));
                }
            }
            return sessions;
        }
    }

    /** The account that owns an assembled session; null when there is no such session. */
    public String sessionAccount(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT coalesce(account_id, '') FROM call_session WHERE session_id = ? AND status = 'ASSEMBLED'")) {
            query.setString(1, sessionId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static void filter(StringBuilder sql, List<Object> parameters, String condition, Object value) {
        if (value != null) {
            sql.append(condition);
            parameters.add(value);
        }
    }
}

package io.ringback.accounts.adapter.persistence;

import io.ringback.accounts.domain.PhoneCard;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Phone cards and their batches; a card's account row and ledger live in the account and ledger tables. */
@ApplicationScoped
public class PhoneCardRepository {

    /** A generated batch, as recorded against the Idempotency-Key of the request that made it. */
    public record BatchRow(UUID id, UUID ownerId, int cards, BigDecimal faceValue, String principal,
                           String idempotencyKey, String requestHash, Instant createdAt) {
    }

    private static final String COLUMNS = """
            k.account_id, a.parent_id, k.number, k.pin_hash, k.batch_id, a.currency, a.rate_table_id, k.blocked,
            k.expires_at, k.valid_days, k.first_used_at, k.pin_failures, k.pin_locked_until, k.created_at
            FROM phone_card k JOIN account a ON a.id = k.account_id""";

    /** Records the batch; answers false when the caller already used the key (the batch exists). */
    public boolean insertBatch(Connection c, BatchRow batch) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO phone_card_batch (id, owner_id, cards, face_value, principal, idempotency_key, request_hash,
                                              created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (principal, idempotency_key) DO NOTHING
                """)) {
            insert.setObject(1, batch.id());
            insert.setObject(2, batch.ownerId());
            insert.setInt(3, batch.cards());
            insert.setBigDecimal(4, batch.faceValue());
            insert.setString(5, batch.principal());
            insert.setString(6, batch.idempotencyKey());
            insert.setString(7, batch.requestHash());
            insert.setTimestamp(8, Timestamp.from(batch.createdAt()));
            return insert.executeUpdate() == 1;
        }
    }

    public Optional<BatchRow> batchByKey(Connection c, String principal, String key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT id, owner_id, cards, face_value, principal, idempotency_key, request_hash, created_at
                FROM phone_card_batch WHERE principal = ? AND idempotency_key = ?
                """)) {
            query.setString(1, principal);
            query.setString(2, key);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(new BatchRow(rows.getObject(1, UUID.class),
                        rows.getObject(2, UUID.class), rows.getInt(3), rows.getBigDecimal(4), rows.getString(5),
                        rows.getString(6), rows.getString(7), rows.getTimestamp(8).toInstant())) : Optional.empty();
            }
        }
    }

    /**
     * Inserts the cards of a batch (their account rows exist already) in one JDBC batch; answers
     * the numbers that were taken already (a unique-number collision, redrawn by the caller).
     */
    public List<String> insertCards(Connection c, List<PhoneCard> cards) throws SQLException {
        List<String> taken = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO phone_card (account_id, number, pin_hash, batch_id, expires_at, valid_days, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (number) DO NOTHING
                """)) {
            for (PhoneCard card : cards) {
                insert.setObject(1, card.id());
                insert.setString(2, card.number());
                insert.setString(3, card.pinHash());
                insert.setObject(4, card.batchId());
                insert.setTimestamp(5, card.expiresAt() == null ? null : Timestamp.from(card.expiresAt()));
                insert.setObject(6, card.validDays(), Types.INTEGER);
                insert.setTimestamp(7, Timestamp.from(card.createdAt()));
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    taken.add(cards.get(i).number());
                }
            }
        }
        return taken;
    }

    public Optional<PhoneCard> find(Connection c, UUID id) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " WHERE k.account_id = ?", id);
    }

    /** The card, row-locked (PIN attempts and first use are counted under this lock). */
    public Optional<PhoneCard> findByNumberForUpdate(Connection c, String number) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " WHERE k.number = ? FOR UPDATE OF k", number);
    }

    /**
     * Which cards a list shows: those owned by the given accounts (an agent's visible owners; null
     * = every owner, for the admin), of one batch (null = any), whose number starts with
     * {@code numberPrefix} (null = any), in one status at {@code at} (null = any).
     */
    public record CardFilter(List<UUID> owners, UUID batchId, String numberPrefix, PhoneCard.Status status,
                             Instant at) {
    }

    /** The cards of the filter, newest first. */
    public List<PhoneCard> list(Connection c, CardFilter filter, long offset, int limit) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " " + FILTER
                + " ORDER BY k.created_at DESC, k.number OFFSET ? LIMIT ?")) {
            int next = filter(c, query, filter);
            query.setLong(next, offset);
            query.setInt(next + 1, limit);
            List<PhoneCard> cards = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    cards.add(card(rows));
                }
            }
            return cards;
        }
    }

    public long count(Connection c, CardFilter filter) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT count(*) FROM phone_card k JOIN account a ON a.id = k.account_id " + FILTER)) {
            filter(c, query, filter);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * {@link PhoneCard#status} in SQL, so that a status filter pages in the database: blocked,
     * else expired (the fixed expiry, or valid days of 24 hours after the first use), else used up
     * (a card is prepaid: balance + credit limit − reserved not above zero), else active once
     * used, else new. Two parameters: now (the expiry), now (the reservations).
     */
    private static final String STATUS = """
            CASE WHEN k.blocked THEN 'BLOCKED'
                 WHEN coalesce(k.expires_at, k.first_used_at + k.valid_days * interval '24 hours') <= ? THEN 'EXPIRED'
                 WHEN %s + a.credit_limit - %s <= 0 THEN 'USED_UP'
                 WHEN k.first_used_at IS NULL THEN 'NEW'
                 ELSE 'ACTIVE' END""".formatted(LedgerRepository.BALANCE, LedgerRepository.RESERVED);

    /** Owners, batch, number prefix and status, as {@link CardFilter} says. */
    private static final String FILTER = """
             WHERE (?::uuid[] IS NULL OR a.parent_id = ANY (?::uuid[]))
               AND (?::uuid IS NULL OR k.batch_id = ?::uuid) AND k.number LIKE ? || '%%'
               AND (?::text IS NULL OR %s = ?::text)""".formatted(STATUS);

    private static int filter(Connection c, PreparedStatement query, CardFilter filter) throws SQLException {
        Array ownerArray = filter.owners() == null ? null : c.createArrayOf("uuid", filter.owners().toArray());
        query.setArray(1, ownerArray);
        query.setArray(2, ownerArray);
        query.setObject(3, filter.batchId());
        query.setObject(4, filter.batchId());
        query.setString(5, filter.numberPrefix() == null ? "" : filter.numberPrefix());
        String status = filter.status() == null ? null : filter.status().name();
        Timestamp at = Timestamp.from(filter.at());
        query.setString(6, status);
        query.setTimestamp(7, at);
        query.setTimestamp(8, at);
        query.setString(9, status);
        return 10;
    }

    public void recordPinAttempt(Connection c, UUID id, int failures, Instant lockedUntil) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE phone_card SET pin_failures = ?, pin_locked_until = ? WHERE account_id = ?")) {
            update.setInt(1, failures);
            update.setTimestamp(2, lockedUntil == null ? null : Timestamp.from(lockedUntil));
            update.setObject(3, id);
            update.executeUpdate();
        }
    }

    /**
     * Records a successful login from {@code number}: the card's first use (which starts its
     * valid days) if it had none, and the number among its callers, remembered for PIN-less
     * logins when {@code pinless} (a number once remembered stays so).
     */
    public void recordUse(Connection c, UUID id, String number, boolean pinless, Instant now) throws SQLException {
        try (PreparedStatement first = c.prepareStatement(
                "UPDATE phone_card SET first_used_at = ? WHERE account_id = ? AND first_used_at IS NULL");
             PreparedStatement caller = c.prepareStatement("""
                     INSERT INTO phone_card_caller (card_id, number, first_used_at, pinless) VALUES (?, ?, ?, ?)
                     ON CONFLICT (card_id, number) DO UPDATE SET pinless = phone_card_caller.pinless OR excluded.pinless
                     """)) {
            first.setTimestamp(1, Timestamp.from(now));
            first.setObject(2, id);
            first.executeUpdate();
            if (number != null) {
                caller.setObject(1, id);
                caller.setString(2, number);
                caller.setTimestamp(3, Timestamp.from(now));
                caller.setBoolean(4, pinless);
                caller.executeUpdate();
            }
        }
    }

    /** The cards that remember {@code number} for PIN-less logins, most recently first used first. */
    public List<PhoneCard> pinlessCards(Connection c, String number) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS
                + " JOIN phone_card_caller p ON p.card_id = k.account_id WHERE p.number = ? AND p.pinless"
                + " ORDER BY p.first_used_at DESC")) {
            query.setString(1, number);
            List<PhoneCard> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(card(rows));
                }
            }
            return found;
        }
    }

    /** The numbers that have used the card, oldest first. */
    public List<String> callers(Connection c, UUID id) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT number FROM phone_card_caller WHERE card_id = ? ORDER BY first_used_at, number")) {
            query.setObject(1, id);
            List<String> numbers = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    numbers.add(rows.getString(1));
                }
            }
            return numbers;
        }
    }

    public void setBlocked(Connection c, UUID id, boolean blocked) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE phone_card SET blocked = ? WHERE account_id = ?")) {
            update.setBoolean(1, blocked);
            update.setObject(2, id);
            update.executeUpdate();
        }
    }

    private static Optional<PhoneCard> one(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setObject(1, key);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(card(rows)) : Optional.empty();
            }
        }
    }

    private static PhoneCard card(ResultSet rows) throws SQLException {
        return new PhoneCard(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getString(3),
                rows.getString(4), rows.getObject(5, UUID.class), rows.getString(6), rows.getString(7),
                rows.getBoolean(8), instant(rows.getTimestamp(9)), (Integer) rows.getObject(10),
                instant(rows.getTimestamp(11)), rows.getInt(12), instant(rows.getTimestamp(13)),
                rows.getTimestamp(14).toInstant());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

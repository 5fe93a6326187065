package io.ringback.accounts.adapter.persistence;

import io.ringback.accounts.domain.Account;
import io.ringback.accounts.domain.Balance;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Phones (caller IDs) and their PIN hashes. */
@ApplicationScoped
public class PhoneRepository {

    private final LedgerRepository ledger;

    public PhoneRepository(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    /** A stored phone; {@code pinHash} null when it has no PIN. */
    public record PhoneRow(UUID id, UUID accountId, String number, String pinHash, int pinFailures,
                           Instant pinLockedUntil, Instant createdAt) {
    }

    /** A caller resolved for AuthorizeCaller: its phone, the account's chain and every level's balance. */
    public record Caller(UUID phoneId, boolean pinSet, List<Account> chain, List<Balance> balances) {
    }

    private static final String COLUMNS = "id, account_id, number, pin_hash, pin_failures, pin_locked_until, created_at";

    /**
     * The hot path of trigger calls, in one statement: the phone by number, its account's chain
     * (recursive), and each level's balance (last running sum) and open reservations.
     */
    public Optional<Caller> caller(Connection c, String number, Instant now) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                WITH RECURSIVE p AS (SELECT id, account_id, pin_hash FROM phone WHERE number = ?),
                up (id, level) AS (
                    SELECT account_id, 0 FROM p
                    UNION ALL
                    SELECT a.parent_id, up.level + 1 FROM up JOIN account a ON a.id = up.id WHERE a.parent_id IS NOT NULL
                )
                SELECT %s, p.id, p.pin_hash IS NOT NULL, %s
                FROM up JOIN account a ON a.id = up.id CROSS JOIN p
                ORDER BY up.level
                """.formatted(AccountRepository.COLUMNS, LedgerRepository.BALANCE_AND_RESERVED))) {
            query.setString(1, number);
            ledger.setBalanceParameters(query, 2, now);
            List<Account> chain = new ArrayList<>();
            List<Balance> balances = new ArrayList<>();
            UUID phoneId = null;
            boolean pinSet = false;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Account account = AccountRepository.account(rows);
                    chain.add(account);
                    phoneId = rows.getObject(AccountRepository.COLUMN_COUNT + 1, UUID.class);
                    pinSet = rows.getBoolean(AccountRepository.COLUMN_COUNT + 2);
                    balances.add(LedgerRepository.balance(account, rows, AccountRepository.COLUMN_COUNT + 3));
                }
            }
            return phoneId == null ? Optional.empty() : Optional.of(new Caller(phoneId, pinSet, chain, balances));
        }
    }

    /** Inserts the phone; answers false when the number is already registered (to any account). */
    public boolean insert(Connection c, PhoneRow phone) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO phone (id, account_id, number, pin_hash, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (number) DO NOTHING
                """)) {
            insert.setObject(1, phone.id());
            insert.setObject(2, phone.accountId());
            insert.setString(3, phone.number());
            insert.setString(4, phone.pinHash());
            insert.setTimestamp(5, Timestamp.from(phone.createdAt()));
            return insert.executeUpdate() == 1;
        }
    }

    public Optional<PhoneRow> byNumber(Connection c, String number) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM phone WHERE number = ?")) {
            query.setString(1, number);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(phone(rows)) : Optional.empty();
            }
        }
    }

    /** The phone row, locked for a PIN attempt so that concurrent attempts count one by one. */
    public Optional<PhoneRow> byNumberForUpdate(Connection c, String number) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM phone WHERE number = ? FOR UPDATE")) {
            query.setString(1, number);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(phone(rows)) : Optional.empty();
            }
        }
    }

    public List<PhoneRow> ofAccount(Connection c, UUID accountId, long offset, int limit) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS
                + " FROM phone WHERE account_id = ? ORDER BY number OFFSET ? LIMIT ?")) {
            query.setObject(1, accountId);
            query.setLong(2, offset);
            query.setInt(3, limit);
            List<PhoneRow> phones = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    phones.add(phone(rows));
                }
            }
            return phones;
        }
    }

    public long countOfAccount(Connection c, UUID accountId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT count(*) FROM phone WHERE account_id = ?")) {
            query.setObject(1, accountId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    public boolean delete(Connection c, UUID accountId, String number) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM phone WHERE account_id = ? AND number = ?")) {
            delete.setObject(1, accountId);
            delete.setString(2, number);
            return delete.executeUpdate() == 1;
        }
    }

    public void recordPinAttempt(Connection c, UUID phoneId, int failures, Instant lockedUntil) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE phone SET pin_failures = ?, pin_locked_until = ? WHERE id = ?")) {
            update.setInt(1, failures);
            update.setTimestamp(2, lockedUntil == null ? null : Timestamp.from(lockedUntil));
            update.setObject(3, phoneId);
            update.executeUpdate();
        }
    }

    private static PhoneRow phone(ResultSet rows) throws SQLException {
        Timestamp locked = rows.getTimestamp(6);
        return new PhoneRow(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getString(3),
                rows.getString(4), rows.getInt(5), locked == null ? null : locked.toInstant(),
                rows.getTimestamp(7).toInstant());
    }
}

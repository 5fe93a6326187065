package io.ringback.accounts.adapter.persistence;

import io.ringback.accounts.adapter.kafka.LowBalanceNotices;
import io.ringback.accounts.domain.Account;
import io.ringback.accounts.domain.Balance;
import io.ringback.accounts.domain.EntryKind;
import io.ringback.accounts.domain.LedgerEntry;
import io.ringback.accounts.domain.LowBalanceCrossing;
import io.ringback.accounts.domain.SpendCaps;
import io.ringback.accounts.config.AccountsConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** The ledger, reservations, settlements and idempotent requests. */
@ApplicationScoped
public class LedgerRepository {

    private final AccountsConfig config;
    private final LowBalanceNotices lowBalance;

    public LedgerRepository(AccountsConfig config, LowBalanceNotices lowBalance) {
        this.config = config;
        this.lowBalance = lowBalance;
    }

    /** One chain level of a reservation: what was held and what is still held. */
    public record ReservationLevel(int level, UUID accountId, BigDecimal amount, BigDecimal remaining) {
    }

    /**
     * A reservation of a callback session; {@code requestHash} identifies the request that made it
     * (a retry under the same key must send the same request).
     */
    public record ReservationRow(UUID id, String idempotencyKey, String sessionId, UUID accountId, boolean open,
                                 Instant expiresAt, Instant createdAt, String requestHash) {
    }

    /** A REST money request already answered under an Idempotency-Key. */
    public record IdempotentRequest(String requestHash, UUID ledgerEntryId) {
    }

    /** The balance of the account aliased {@code a}: the running sum of its last ledger entry. */
    static final String BALANCE = """
            coalesce((SELECT e.balance_after FROM ledger_entry e WHERE e.account_id = a.id
                      ORDER BY e.seq DESC LIMIT 1), 0)""";

    /** What the open, unexpired reservations of the account aliased {@code a} hold. One parameter: now. */
    static final String RESERVED = """
            (SELECT coalesce(sum(l.remaining), 0) FROM reservation_level l
             JOIN reservation r ON r.id = l.reservation_id
             WHERE l.account_id = a.id AND l.remaining > 0 AND r.status = 'OPEN' AND r.expires_at > ?)""";

    /**
     * Three columns of the account aliased {@code a} (its table columns in scope): its
     * {@link #BALANCE}, what it has {@link #RESERVED}, and, for a postpaid account with a daily cap
     * only (zero otherwise, without reading the ledger), what its calls were charged since the
     * start of the day. Two parameters: now, the day's start.
     */
    static final String BALANCE_AND_RESERVED = BALANCE + ",\n" + RESERVED + ",\n" + """
            CASE WHEN a.billing_type = 'POSTPAID' AND a.daily_limit IS NOT NULL
                 THEN (SELECT coalesce(-sum(e.amount), 0) FROM ledger_entry e
                       WHERE e.account_id = a.id AND e.kind = 'CALL_CHARGE' AND e.created_at >= ?)
                 ELSE 0 END""";

    private static final String ENTRY_COLUMNS =
            "id, account_id, kind, amount, idempotency_key, reservation_id, description, created_at";

    /**
     * Locks the account rows of every given account, in id order (the same order in every
     * transaction, so two of them never wait for each other in a circle). Every money change of
     * an account happens under this lock: balance read, check and entry are one serial step.
     * Answers how many of them exist.
     */
    public int lock(Connection c, Collection<UUID> accountIds) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "SELECT id FROM account WHERE id = ANY (?) ORDER BY id FOR UPDATE")) {
            lock.setArray(1, c.createArrayOf("uuid", new TreeSet<>(accountIds).toArray()));
            int found = 0;
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    found++;
                }
            }
            return found;
        }
    }

    /** The balance (sum of the ledger) and the open, unexpired reservations of an account. */
    public Balance balance(Connection c, Account account, Instant now) throws SQLException {
        return balances(c, List.of(account), now).get(0);
    }

    /**
     * The balances of several accounts (a chain) in one query, in the order given: the running
     * sum of each account's last ledger entry, what its open, unexpired reservations hold, and
     * today's call charges where a daily cap needs them.
     */
    public List<Balance> balances(Connection c, List<Account> accounts, Instant now) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT %s
                FROM unnest(?::uuid[]) WITH ORDINALITY AS u (id, position) JOIN account a ON a.id = u.id
                ORDER BY u.position
                """.formatted(BALANCE_AND_RESERVED))) {
            setBalanceParameters(query, 1, now);
            query.setArray(3, c.createArrayOf("uuid", accounts.stream().map(Account::id).toArray()));
            List<Balance> balances = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                for (Account account : accounts) {
                    rows.next();
                    balances.add(balance(account, rows, 1));
                }
            }
            return balances;
        }
    }

    /** Sets the two parameters of {@link #BALANCE_AND_RESERVED}, from {@code index} on. */
    void setBalanceParameters(PreparedStatement query, int index, Instant now) throws SQLException {
        query.setTimestamp(index, Timestamp.from(now));
        query.setTimestamp(index + 1, Timestamp.from(SpendCaps.dayStart(now, config.spendDayZone())));
    }

    /** The balance of an account from the three {@link #BALANCE_AND_RESERVED} columns, from {@code column} on. */
    static Balance balance(Account account, ResultSet rows, int column) throws SQLException {
        return Balance.of(account, rows.getBigDecimal(column).setScale(6), rows.getBigDecimal(column + 1).setScale(6),
                rows.getBigDecimal(column + 2).setScale(6));
    }

    /**
     * Writes the entry unless one of its account, kind and idempotency key exists; answers whether
     * it did. The caller holds the account's row lock ({@link #lock}): the entry takes the next
     * sequence number and the running balance after it. Without the lock, two writers would
     * collide on (account, seq) and fail rather than corrupt the sum.
     */
    public boolean insert(Connection c, LedgerEntry entry) throws SQLException {
        return insertAll(c, List.of(entry)) == 1;
    }

    /**
     * {@link #insert} for entries of distinct accounts (one per chain level), sent as one JDBC
     * batch: one round trip while the chain's locks are held. Answers how many were written.
     * Every entry of the ledger is written here, so this is where an entry that takes a balance
     * below its account's low-balance threshold raises its notice, in the same transaction.
     */
    public int insertAll(Connection c, List<LedgerEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return 0;
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO ledger_entry (%s, seq, balance_after)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, coalesce(last.seq, 0) + 1, coalesce(last.balance_after, 0) + ?
                FROM (SELECT 1) AS one
                LEFT JOIN LATERAL (SELECT seq, balance_after FROM ledger_entry WHERE account_id = ?
                                   ORDER BY seq DESC LIMIT 1) AS last ON true
                ON CONFLICT (account_id, kind, idempotency_key) DO NOTHING
                """.formatted(ENTRY_COLUMNS))) {
            for (LedgerEntry entry : entries) {
                insert.setObject(1, entry.id());
                insert.setObject(2, entry.accountId());
                insert.setString(3, entry.kind().name());
                insert.setBigDecimal(4, entry.amount());
                insert.setString(5, entry.idempotencyKey());
                insert.setObject(6, entry.reservationId());
                insert.setString(7, entry.description());
                insert.setTimestamp(8, Timestamp.from(entry.createdAt()));
                insert.setBigDecimal(9, EntryKind.BALANCE_KINDS.contains(entry.kind()) ? entry.amount()
                        : BigDecimal.ZERO);
                insert.setObject(10, entry.accountId());
                insert.addBatch();
            }
            int written = 0;
            for (int count : insert.executeBatch()) {
                written += count;
            }
            lowBalance.raise(c, crossings(c, entries));
            return written;
        }
    }

    /**
     * The entries just written (a replayed one was not) that took their account's balance below
     * its low-balance threshold. Only an entry that lowers a balance can; none, no query.
     */
    private static List<LowBalanceCrossing> crossings(Connection c, List<LedgerEntry> entries) throws SQLException {
        List<UUID> lowering = entries.stream()
                .filter(e -> EntryKind.BALANCE_KINDS.contains(e.kind()) && e.amount().signum() < 0)
                .map(LedgerEntry::id).toList();
        if (lowering.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement query = c.prepareStatement("""
                SELECT e.id, e.kind, e.created_at, e.account_id, a.kind = 'CARD', a.parent_id, a.currency,
                       a.low_balance_threshold, e.balance_after - e.amount, e.balance_after
                FROM ledger_entry e JOIN account a ON a.id = e.account_id
                WHERE e.id = ANY (?) AND a.low_balance_threshold IS NOT NULL
                """)) {
            query.setArray(1, c.createArrayOf("uuid", lowering.toArray()));
            List<LowBalanceCrossing> crossings = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    BigDecimal threshold = rows.getBigDecimal(8).setScale(6);
                    BigDecimal before = rows.getBigDecimal(9).setScale(6);
                    BigDecimal after = rows.getBigDecimal(10).setScale(6);
                    if (LowBalanceCrossing.crosses(threshold, before, after)) {
                        crossings.add(new LowBalanceCrossing(rows.getObject(1, UUID.class),
                                EntryKind.valueOf(rows.getString(2)), rows.getTimestamp(3).toInstant(),
                                rows.getObject(4, UUID.class), rows.getBoolean(5), rows.getObject(6, UUID.class),
                                rows.getString(7), threshold, before, after));
                    }
                }
            }
            return crossings;
        }
    }

    public Optional<LedgerEntry> entry(Connection c, UUID id) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT " + ENTRY_COLUMNS + " FROM ledger_entry WHERE id = ?")) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(entry(rows)) : Optional.empty();
            }
        }
    }

    /** The entries of one kind written under an idempotency key (one per chain level), oldest first. */
    public List<LedgerEntry> entriesByKey(Connection c, EntryKind kind, String key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + ENTRY_COLUMNS
                + " FROM ledger_entry WHERE kind = ? AND idempotency_key = ? ORDER BY created_at, id")) {
            query.setString(1, kind.name());
            query.setString(2, key);
            return entries(query);
        }
    }

    /** An account's ledger, newest first. */
    public List<LedgerEntry> entries(Connection c, UUID accountId, long offset, int limit) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + ENTRY_COLUMNS
                + " FROM ledger_entry WHERE account_id = ? ORDER BY seq DESC OFFSET ? LIMIT ?")) {
            query.setObject(1, accountId);
            query.setLong(2, offset);
            query.setInt(3, limit);
            return entries(query);
        }
    }

    public long countEntries(Connection c, UUID accountId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT count(*) FROM ledger_entry WHERE account_id = ?")) {
            query.setObject(1, accountId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    public Optional<IdempotentRequest> idempotentRequest(Connection c, String principal, String key)
            throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT request_hash, ledger_entry_id FROM idempotent_request WHERE principal = ? AND key = ?")) {
            query.setString(1, principal);
            query.setString(2, key);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(new IdempotentRequest(rows.getString(1), rows.getObject(2, UUID.class)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Records the answer to an idempotent request. Two first requests with one key race on the
     * primary key; the loser's transaction fails and rolls back its entry too.
     */
    public void insertIdempotentRequest(Connection c, String principal, String key, String requestHash,
                                        UUID entryId, Instant at) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO idempotent_request (principal, key, request_hash, ledger_entry_id, created_at)
                VALUES (?, ?, ?, ?, ?)
                """)) {
            insert.setString(1, principal);
            insert.setString(2, key);
            insert.setString(3, requestHash);
            insert.setObject(4, entryId);
            insert.setTimestamp(5, Timestamp.from(at));
            insert.executeUpdate();
        }
    }

    public Optional<ReservationRow> reservationByKey(Connection c, String key) throws SQLException {
        return reservation(c, "SELECT id, idempotency_key, session_id, account_id, status, expires_at, created_at, request_hash"
                + " FROM reservation WHERE idempotency_key = ?", key);
    }

    /** The reservation, row-locked: settlements and releases of one reservation run one after the other. */
    public Optional<ReservationRow> reservationForUpdate(Connection c, UUID id) throws SQLException {
        return reservation(c, "SELECT id, idempotency_key, session_id, account_id, status, expires_at, created_at, request_hash"
                + " FROM reservation WHERE id = ? FOR UPDATE", id);
    }

    public void insertReservation(Connection c, ReservationRow reservation, List<ReservationLevel> levels)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO reservation (id, idempotency_key, session_id, account_id, status, expires_at, created_at,
                                         request_hash)
                VALUES (?, ?, ?, ?, 'OPEN', ?, ?, ?)
                """);
             PreparedStatement level = c.prepareStatement("""
                INSERT INTO reservation_level (reservation_id, level, account_id, amount, remaining)
                VALUES (?, ?, ?, ?, ?)
                """)) {
            insert.setObject(1, reservation.id());
            insert.setString(2, reservation.idempotencyKey());
            insert.setString(3, reservation.sessionId());
            insert.setObject(4, reservation.accountId());
            insert.setTimestamp(5, Timestamp.from(reservation.expiresAt()));
            insert.setTimestamp(6, Timestamp.from(reservation.createdAt()));
            insert.setString(7, reservation.requestHash());
            insert.executeUpdate();
            for (ReservationLevel row : levels) {
                level.setObject(1, reservation.id());
                level.setInt(2, row.level());
                level.setObject(3, row.accountId());
                level.setBigDecimal(4, row.amount());
                level.setBigDecimal(5, row.remaining());
                level.addBatch();
            }
            level.executeBatch();
        }
    }

    /** How many reservations are open and past their expiry ({@code overdue}) or not yet. */
    public long countOpenReservations(Connection c, Instant now, boolean overdue) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(overdue
                ? "SELECT count(*) FROM reservation WHERE status = 'OPEN' AND expires_at <= ?"
                : "SELECT count(*) FROM reservation WHERE status = 'OPEN' AND expires_at > ?")) {
            query.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Open reservations past their expiry, oldest first. */
    public List<UUID> expiredOpen(Connection c, Instant now, int limit) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT id FROM reservation WHERE status = 'OPEN' AND expires_at <= ? ORDER BY expires_at LIMIT ?
                """)) {
            query.setTimestamp(1, Timestamp.from(now));
            query.setInt(2, limit);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }

    public List<ReservationLevel> levels(Connection c, UUID reservationId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT level, account_id, amount, remaining FROM reservation_level WHERE reservation_id = ? ORDER BY level
                """)) {
            query.setObject(1, reservationId);
            List<ReservationLevel> levels = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    levels.add(new ReservationLevel(rows.getInt(1), rows.getObject(2, UUID.class),
                            rows.getBigDecimal(3), rows.getBigDecimal(4)));
                }
            }
            return levels;
        }
    }

    /**
     * Lowers what the reservation still holds for each charged account by its charge (never below
     * 0), one statement. Matched by account, not level number: the charges name the accounts.
     */
    public void consume(Connection c, UUID reservationId, Map<UUID, BigDecimal> perAccount) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE reservation_level l SET remaining = greatest(0, l.remaining - charged.amount)
                FROM unnest(?::uuid[], ?::numeric[]) AS charged (account_id, amount)
                WHERE l.reservation_id = ? AND l.account_id = charged.account_id
                """)) {
            update.setArray(1, c.createArrayOf("uuid", perAccount.keySet().toArray()));
            update.setArray(2, c.createArrayOf("numeric", perAccount.values().toArray()));
            update.setObject(3, reservationId);
            update.executeUpdate();
        }
    }

    /** Whether a CDR (by its settlement key) is already settled. */
    public boolean settlementExists(Connection c, String key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM settlement WHERE idempotency_key = ?")) {
            query.setString(1, key);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    public void close(Connection c, UUID reservationId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE reservation SET status = 'CLOSED' WHERE id = ?");
             PreparedStatement levels = c.prepareStatement(
                     "UPDATE reservation_level SET remaining = 0 WHERE reservation_id = ?")) {
            update.setObject(1, reservationId);
            update.executeUpdate();
            levels.setObject(1, reservationId);
            levels.executeUpdate();
        }
    }

    /** Records that a CDR is settled; answers false when it already was (a replay). */
    /**
     * Claims a leg for a settlement's key, or finds who claimed it: the key that holds the leg
     * (the given one when this claim won), or a note when the key already holds another leg. A
     * concurrent claim of the same leg waits for the other transaction and then sees its row.
     */
    public String claimLeg(Connection c, String legId, String key, String sessionId, Instant at) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO settled_leg (leg_id, cdr_id, session_id, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            insert.setString(1, legId);
            insert.setString(2, key);
            insert.setString(3, sessionId);
            insert.setTimestamp(4, Timestamp.from(at));
            insert.executeUpdate();
        }
        try (PreparedStatement query = c.prepareStatement("SELECT cdr_id FROM settled_leg WHERE leg_id = ?")) {
            query.setString(1, legId);
            try (ResultSet row = query.executeQuery()) {
                // No row: the key was claimed for another leg (cdr_id is unique too).
                return row.next() ? row.getString(1) : "(none: its CDR id names another leg)";
            }
        }
    }

    public boolean insertSettlement(Connection c, String key, UUID accountId, UUID reservationId, Instant at)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO settlement (idempotency_key, account_id, reservation_id, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (idempotency_key) DO NOTHING
                """)) {
            insert.setString(1, key);
            insert.setObject(2, accountId);
            insert.setObject(3, reservationId);
            insert.setTimestamp(4, Timestamp.from(at));
            return insert.executeUpdate() == 1;
        }
    }

    private static Optional<ReservationRow> reservation(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setObject(1, key);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ReservationRow(rows.getObject(1, UUID.class), rows.getString(2),
                        rows.getString(3), rows.getObject(4, UUID.class), "OPEN".equals(rows.getString(5)),
                        rows.getTimestamp(6).toInstant(), rows.getTimestamp(7).toInstant(), rows.getString(8)));
            }
        }
    }

    private static List<LedgerEntry> entries(PreparedStatement query) throws SQLException {
        List<LedgerEntry> entries = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                entries.add(entry(rows));
            }
        }
        return entries;
    }

    private static LedgerEntry entry(ResultSet rows) throws SQLException {
        return new LedgerEntry(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                EntryKind.valueOf(rows.getString(3)), rows.getBigDecimal(4), rows.getString(5),
                rows.getObject(6, UUID.class), rows.getString(7), rows.getTimestamp(8).toInstant());
    }
}

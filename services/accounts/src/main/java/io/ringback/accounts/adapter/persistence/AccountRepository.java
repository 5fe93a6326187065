package io.ringback.accounts.adapter.persistence;

import io.ringback.accounts.domain.Account;
import io.ringback.accounts.domain.AccountStatus;
import io.ringback.common.Authorization;
import io.ringback.accounts.domain.BillingType;
import io.ringback.accounts.domain.CtdMode;
import io.ringback.accounts.domain.NumberLimits;
import io.ringback.accounts.domain.SpendCaps;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The account tree, its authorizations and number limits. Every method runs on the caller's connection. */
@ApplicationScoped
public class AccountRepository {

    /** The columns {@link #account} reads, in its order (1 to 14), for table alias {@code a}. */
    static final String COLUMNS = """
            a.id, a.parent_id, a.name, a.status, a.billing_type, a.currency, a.credit_limit, a.rate_table_id,
            a.default_ctd_mode, a.created_at,
            EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id AND c.kind = 'ACCOUNT'),
            a.per_call_limit, a.daily_limit, a.kind = 'CARD'
            """;
    /** How many columns {@link #COLUMNS} has: a query's own columns follow. */
    static final int COLUMN_COUNT = 14;
    /** Any constant: the key of the advisory lock that serializes changes of the tree's shape. */
    private static final long TREE_LOCK = 0x52424143L;

    /** An account of a subtree with its depth below the subtree's root (root = 0). */
    public record TreeRow(Account account, int depth) {
    }

    /**
     * Serializes creates, moves and deletes: two concurrent moves could otherwise each pass the
     * cycle check and together close a cycle.
     */
    public void lockTreeShape(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, TREE_LOCK);
            lock.execute();
        }
    }

    public void insert(Connection c, Account account) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO account (id, parent_id, name, status, billing_type, currency, credit_limit, rate_table_id,
                                     default_ctd_mode, created_at, per_call_limit, daily_limit, kind)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            insert.setObject(1, account.id());
            insert.setObject(2, account.parentId());
            insert.setString(3, account.name());
            insert.setString(4, account.status().name());
            insert.setString(5, account.billingType().name());
            insert.setString(6, account.currency());
            insert.setBigDecimal(7, account.creditLimit());
            insert.setString(8, account.rateTableId());
            insert.setString(9, account.defaultCtdMode().name());
            insert.setTimestamp(10, Timestamp.from(account.createdAt()));
            insert.setBigDecimal(11, account.spendCaps().perCall());
            insert.setBigDecimal(12, account.spendCaps().daily());
            insert.setString(13, account.card() ? "CARD" : "ACCOUNT");
            insert.executeUpdate();
        }
    }

    public void update(Connection c, Account account) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE account SET parent_id = ?, name = ?, status = ?, billing_type = ?, currency = ?, credit_limit = ?,
                                   rate_table_id = ?, default_ctd_mode = ?, per_call_limit = ?, daily_limit = ?
                WHERE id = ?
                """)) {
            update.setObject(1, account.parentId());
            update.setString(2, account.name());
            update.setString(3, account.status().name());
            update.setString(4, account.billingType().name());
            update.setString(5, account.currency());
            update.setBigDecimal(6, account.creditLimit());
            update.setString(7, account.rateTableId());
            update.setString(8, account.defaultCtdMode().name());
            update.setBigDecimal(9, account.spendCaps().perCall());
            update.setBigDecimal(10, account.spendCaps().daily());
            update.setObject(11, account.id());
            update.executeUpdate();
        }
    }

    public void delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM account WHERE id = ?")) {
            delete.setObject(1, id);
            delete.executeUpdate();
        }
    }

    public Optional<Account> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS + " FROM account a WHERE a.id = ?")) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(account(rows)) : Optional.empty();
            }
        }
    }

    /**
     * The reseller chain of an account in one recursive query: the account (level 0) first, then
     * its parent, up to the top-level account. Empty when the account does not exist.
     */
    public List<Account> chain(Connection c, UUID id) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                WITH RECURSIVE up (id, level) AS (
                    SELECT id, 0 FROM account WHERE id = ?
                    UNION ALL
                    SELECT p.parent_id, up.level + 1 FROM up JOIN account p ON p.id = up.id WHERE p.parent_id IS NOT NULL
                )
                SELECT %s FROM up JOIN account a ON a.id = up.id ORDER BY up.level
                """.formatted(COLUMNS))) {
            query.setObject(1, id);
            List<Account> chain = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    chain.add(account(rows));
                }
            }
            return chain;
        }
    }

    /** How many accounts (closed ones included) have the rate table as their plan. */
    /** The account's low-balance threshold; empty when it has none. */
    public Optional<BigDecimal> lowBalanceThreshold(Connection c, UUID accountId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT low_balance_threshold FROM account WHERE id = ?")) {
            query.setObject(1, accountId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getBigDecimal(1) != null ? Optional.of(rows.getBigDecimal(1).setScale(6))
                        : Optional.empty();
            }
        }
    }

    /** Sets (null: removes) the low-balance threshold of the accounts. */
    public void setLowBalanceThreshold(Connection c, Collection<UUID> accountIds, BigDecimal threshold)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE account SET low_balance_threshold = ? WHERE id = ANY (?)")) {
            update.setBigDecimal(1, threshold);
            update.setArray(2, c.createArrayOf("uuid", accountIds.toArray()));
            update.executeUpdate();
        }
    }

    public long countBuyingOn(Connection c, String rateTableId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT count(*) FROM account WHERE rate_table_id = ?")) {
            query.setString(1, rateTableId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Whether the account owns phone cards (their accounts are below it). */
    public boolean hasCards(Connection c, UUID id) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM account WHERE parent_id = ? AND kind = 'CARD')")) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /**
     * Whether any ledger entry, reservation or settlement refers to the account (its money
     * history must stay; a settlement of zero charges writes no entry but is history too).
     */
    public boolean hasMoneyHistory(Connection c, UUID id) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT EXISTS (SELECT 1 FROM ledger_entry WHERE account_id = ?)
                    OR EXISTS (SELECT 1 FROM reservation_level WHERE account_id = ?)
                    OR EXISTS (SELECT 1 FROM reservation WHERE account_id = ?)
                    OR EXISTS (SELECT 1 FROM settlement WHERE account_id = ?)
                """)) {
            for (int i = 1; i <= 4; i++) {
                query.setObject(i, id);
            }
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /**
     * The subtree below an account in one recursive query, however deep and wide: every
     * descendant with its depth (children = 1), optionally the root too (depth 0), ordered by depth
     * then name. {@code limit} and {@code offset} page it (limit &lt; 0: all).
     */
    public List<TreeRow> subtree(Connection c, UUID root, boolean includeRoot, int maxDepth, long offset, int limit)
            throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                WITH RECURSIVE down (id, depth) AS (
                    SELECT id, 0 FROM account WHERE id = ?
                    UNION ALL
                    SELECT ch.id, down.depth + 1 FROM down JOIN account ch ON ch.parent_id = down.id AND ch.kind = 'ACCOUNT'
                    WHERE down.depth < ?
                )
                SELECT %s, down.depth FROM down JOIN account a ON a.id = down.id
                WHERE down.depth >= ?
                ORDER BY down.depth, a.name, a.id
                OFFSET ? LIMIT ?
                """.formatted(COLUMNS))) {
            query.setObject(1, root);
            query.setInt(2, maxDepth);
            query.setInt(3, includeRoot ? 0 : 1);
            query.setLong(4, offset);
            query.setObject(5, limit < 0 ? null : limit, java.sql.Types.INTEGER);
            List<TreeRow> tree = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tree.add(new TreeRow(account(rows), rows.getInt(COLUMN_COUNT + 1)));
                }
            }
            return tree;
        }
    }

    /** How many accounts lie below {@code root} down to {@code maxDepth} (children = 1). */
    public long countSubtree(Connection c, UUID root, int maxDepth) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                WITH RECURSIVE down (id, depth) AS (
                    SELECT id, 0 FROM account WHERE id = ?
                    UNION ALL
                    SELECT ch.id, down.depth + 1 FROM down JOIN account ch ON ch.parent_id = down.id AND ch.kind = 'ACCOUNT'
                    WHERE down.depth < ?
                )
                SELECT count(*) FROM down WHERE depth >= 1
                """)) {
            query.setObject(1, root);
            query.setInt(2, maxDepth);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Top-level accounts (the admin's view of the list). */
    public List<Account> topLevel(Connection c, long offset, int limit) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS
                + " FROM account a WHERE a.parent_id IS NULL ORDER BY a.name, a.id OFFSET ? LIMIT ?")) {
            query.setLong(1, offset);
            query.setInt(2, limit);
            List<Account> accounts = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    accounts.add(account(rows));
                }
            }
            return accounts;
        }
    }

    public long countTopLevel(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT count(*) FROM account WHERE parent_id IS NULL");
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    public Set<Authorization> authorizations(Connection c, UUID id) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT authorization_name FROM account_authorization WHERE account_id = ?")) {
            query.setObject(1, id);
            Set<Authorization> set = EnumSet.noneOf(Authorization.class);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    set.add(Authorization.valueOf(rows.getString(1)));
                }
            }
            return set;
        }
    }

    public void replaceAuthorizations(Connection c, UUID id, Set<Authorization> set) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM account_authorization WHERE account_id = ?");
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO account_authorization (account_id, authorization_name) VALUES (?, ?)")) {
            delete.setObject(1, id);
            delete.executeUpdate();
            for (Authorization authorization : set) {
                insert.setObject(1, id);
                insert.setString(2, authorization.name());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Removes from every account strictly below {@code root} each authorization not in
     * {@code keep}, in one statement: the subset rule holds again for the whole subtree.
     */
    public int restrictSubtree(Connection c, UUID root, Set<Authorization> keep) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("""
                WITH RECURSIVE down (id) AS (
                    SELECT id FROM account WHERE parent_id = ?
                    UNION ALL
                    SELECT ch.id FROM down JOIN account ch ON ch.parent_id = down.id
                )
                DELETE FROM account_authorization
                WHERE account_id IN (SELECT id FROM down) AND NOT (authorization_name = ANY (?))
                """)) {
            delete.setObject(1, root);
            delete.setArray(2, c.createArrayOf("text", keep.stream().map(Enum::name).toArray()));
            return delete.executeUpdate();
        }
    }

    /** The number limits of the given accounts, one query; an account without any gets empty lists. */
    public Map<UUID, NumberLimits> limits(Connection c, Collection<UUID> ids) throws SQLException {
        Map<UUID, Set<String>> allow = new HashMap<>();
        Map<UUID, Set<String>> deny = new HashMap<>();
        for (UUID id : ids) {
            allow.put(id, new HashSet<>());
            deny.put(id, new HashSet<>());
        }
        try (PreparedStatement query = c.prepareStatement(
                "SELECT account_id, kind, prefix FROM number_limit WHERE account_id = ANY (?)")) {
            query.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    ("ALLOW".equals(rows.getString(2)) ? allow : deny).get(id).add(rows.getString(3));
                }
            }
        }
        Map<UUID, NumberLimits> limits = new HashMap<>();
        for (UUID id : ids) {
            limits.put(id, new NumberLimits(id, allow.get(id), deny.get(id)));
        }
        return limits;
    }

    public void replaceLimits(Connection c, NumberLimits limits) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM number_limit WHERE account_id = ?");
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO number_limit (account_id, kind, prefix) VALUES (?, ?, ?)")) {
            delete.setObject(1, limits.accountId());
            delete.executeUpdate();
            for (String prefix : limits.allow()) {
                insert.setObject(1, limits.accountId());
                insert.setString(2, "ALLOW");
                insert.setString(3, prefix);
                insert.addBatch();
            }
            for (String prefix : limits.deny()) {
                insert.setObject(1, limits.accountId());
                insert.setString(2, "DENY");
                insert.setString(3, prefix);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static Account account(ResultSet rows) throws SQLException {
        String rateTable = rows.getString(8);
        return new Account(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class), rows.getString(3),
                AccountStatus.valueOf(rows.getString(4)), BillingType.valueOf(rows.getString(5)),
                rows.getString(6), rows.getBigDecimal(7), rateTable, CtdMode.valueOf(rows.getString(9)),
                rows.getTimestamp(10).toInstant(), rows.getBoolean(11),
                new SpendCaps(rows.getBigDecimal(12), rows.getBigDecimal(13)), rows.getBoolean(14));
    }
}

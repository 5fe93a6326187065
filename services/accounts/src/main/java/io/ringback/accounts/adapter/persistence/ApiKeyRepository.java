package io.ringback.accounts.adapter.persistence;

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

/** Agent API keys, by the SHA-256 of the key. */
@ApplicationScoped
public class ApiKeyRepository {

    /** A stored key (never the key itself). */
    public record ApiKeyRow(UUID id, UUID accountId, String keyPrefix, Instant createdAt, Instant revokedAt) {
    }

    public void insert(Connection c, ApiKeyRow key, String keyHash) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO api_key (id, account_id, key_hash, key_prefix, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setObject(1, key.id());
            insert.setObject(2, key.accountId());
            insert.setString(3, keyHash);
            insert.setString(4, key.keyPrefix());
            insert.setTimestamp(5, Timestamp.from(key.createdAt()));
            insert.executeUpdate();
        }
    }

    /** The account of an unrevoked key with this hash. */
    public Optional<UUID> accountOf(Connection c, String keyHash) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT account_id FROM api_key WHERE key_hash = ? AND revoked_at IS NULL")) {
            query.setString(1, keyHash);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    public List<ApiKeyRow> ofAccount(Connection c, UUID accountId, long offset, int limit) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT id, account_id, key_prefix, created_at, revoked_at FROM api_key
                WHERE account_id = ? ORDER BY created_at, id OFFSET ? LIMIT ?
                """)) {
            query.setObject(1, accountId);
            query.setLong(2, offset);
            query.setInt(3, limit);
            List<ApiKeyRow> keys = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Timestamp revoked = rows.getTimestamp(5);
                    keys.add(new ApiKeyRow(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                            rows.getString(3), rows.getTimestamp(4).toInstant(),
                            revoked == null ? null : revoked.toInstant()));
                }
            }
            return keys;
        }
    }

    public long countOfAccount(Connection c, UUID accountId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT count(*) FROM api_key WHERE account_id = ?")) {
            query.setObject(1, accountId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Revokes one key of the account, or all its keys when {@code keyId} is null; answers how many. */
    public int revoke(Connection c, UUID accountId, UUID keyId, Instant at) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE api_key SET revoked_at = ?
                WHERE account_id = ? AND revoked_at IS NULL AND (?::uuid IS NULL OR id = ?::uuid)
                """)) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setObject(2, accountId);
            update.setObject(3, keyId);
            update.setObject(4, keyId);
            return update.executeUpdate();
        }
    }
}

package io.ringback.media.adapter.persistence;

import io.ringback.media.codec.Law;
import io.ringback.media.wav.G711Wav;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
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

/**
 * Uploaded prompts in the {@code prompt} table: durable, shared by every media replica. The owner
 * is an agent's account id, or {@code null} for the platform's prompts.
 */
@ApplicationScoped
public class PromptRepository {

    /** A stored prompt without its audio. */
    public record StoredPrompt(UUID owner, String language, String name, Law law, long samples, Instant createdAt) {
    }

    private final DataSource dataSource;

    public PromptRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts or replaces the owner's prompt; answers true when it is new. */
    public boolean save(UUID owner, String language, String name, G711Wav wav, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     INSERT INTO prompt (owner_account_id, language, name, encoding, sample_rate, channels, audio, created_at)
                     VALUES (?::uuid, ?, ?, ?, 8000, 1, ?, ?)
                     ON CONFLICT (owner_account_id, language, name) DO UPDATE
                       SET encoding = EXCLUDED.encoding, audio = EXCLUDED.audio, created_at = EXCLUDED.created_at
                     RETURNING (xmax = 0) AS inserted
                     """)) {
            upsert.setObject(1, owner);
            upsert.setString(2, language);
            upsert.setString(3, name);
            upsert.setString(4, wav.law().name());
            upsert.setBytes(5, wav.samples());
            upsert.setTimestamp(6, Timestamp.from(now));
            try (ResultSet rows = upsert.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /** The owner's own prompt of that id only (null: the platform's). */
    public Optional<G711Wav> findOwn(UUID owner, String language, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT encoding, audio FROM prompt
                     WHERE owner_account_id IS NOT DISTINCT FROM ?::uuid AND language = ? AND name = ?
                     """)) {
            select.setObject(1, owner);
            select.setString(2, language);
            select.setString(3, name);
            return first(select);
        }
    }

    /** The prompt an owner's calls play: its own upload, else the platform's upload. */
    public Optional<G711Wav> findFor(UUID owner, String language, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT encoding, audio FROM prompt
                     WHERE (owner_account_id = ?::uuid OR owner_account_id IS NULL) AND language = ? AND name = ?
                     ORDER BY owner_account_id NULLS LAST LIMIT 1
                     """)) {
            select.setObject(1, owner);
            select.setString(2, language);
            select.setString(3, name);
            return first(select);
        }
    }

    private static Optional<G711Wav> first(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(new G711Wav(Law.valueOf(rows.getString(1)), rows.getBytes(2)))
                    : Optional.empty();
        }
    }

    /** The platform's uploads and, for an owner, its own, of one language or all (null). */
    public List<StoredPrompt> list(UUID owner, String language) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT owner_account_id, language, name, encoding, length(audio), created_at FROM prompt
                     WHERE (owner_account_id IS NULL OR owner_account_id = ?::uuid) AND (?::text IS NULL OR language = ?)
                     ORDER BY owner_account_id NULLS LAST, language, name
                     """)) {
            select.setObject(1, owner);
            select.setString(2, language);
            select.setString(3, language);
            List<StoredPrompt> out = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(new StoredPrompt(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                            Law.valueOf(rows.getString(4)), rows.getLong(5), rows.getTimestamp(6).toInstant()));
                }
            }
            return out;
        }
    }

    /** Deletes the owner's own prompt (null: the platform's). */
    public boolean delete(UUID owner, String language, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("""
                     DELETE FROM prompt WHERE owner_account_id IS NOT DISTINCT FROM ?::uuid AND language = ? AND name = ?
                     """)) {
            delete.setObject(1, owner);
            delete.setString(2, language);
            delete.setString(3, name);
            return delete.executeUpdate() == 1;
        }
    }
}

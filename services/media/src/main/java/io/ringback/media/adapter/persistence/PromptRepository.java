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

/** Uploaded prompts in the {@code prompt} table: durable, shared by every media replica. */
@ApplicationScoped
public class PromptRepository {

    /** A stored prompt without its audio. */
    public record StoredPrompt(String language, String name, Law law, long samples, Instant createdAt) {
    }

    private final DataSource dataSource;

    public PromptRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts or replaces; answers true when the prompt is new. */
    public boolean save(String language, String name, G711Wav wav, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     INSERT INTO prompt (language, name, encoding, sample_rate, channels, audio, created_at)
                     VALUES (?, ?, ?, 8000, 1, ?, ?)
                     ON CONFLICT (language, name) DO UPDATE
                       SET encoding = EXCLUDED.encoding, audio = EXCLUDED.audio, created_at = EXCLUDED.created_at
                     RETURNING (xmax = 0) AS inserted
                     """)) {
            upsert.setString(1, language);
            upsert.setString(2, name);
            upsert.setString(3, wav.law().name());
            upsert.setBytes(4, wav.samples());
            upsert.setTimestamp(5, Timestamp.from(now));
            try (ResultSet rows = upsert.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    public Optional<G711Wav> find(String language, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT encoding, audio FROM prompt WHERE language = ? AND name = ?")) {
            select.setString(1, language);
            select.setString(2, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new G711Wav(Law.valueOf(rows.getString(1)), rows.getBytes(2)))
                        : Optional.empty();
            }
        }
    }

    public List<StoredPrompt> list(String language) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT language, name, encoding, length(audio), created_at FROM prompt
                     WHERE ?::text IS NULL OR language = ? ORDER BY language, name
                     """)) {
            select.setString(1, language);
            select.setString(2, language);
            List<StoredPrompt> out = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(new StoredPrompt(rows.getString(1), rows.getString(2), Law.valueOf(rows.getString(3)),
                            rows.getLong(4), rows.getTimestamp(5).toInstant()));
                }
            }
            return out;
        }
    }

    public boolean delete(String language, String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM prompt WHERE language = ? AND name = ?")) {
            delete.setString(1, language);
            delete.setString(2, name);
            return delete.executeUpdate() == 1;
        }
    }
}

package io.ringback.rating.adapter.persistence;

import io.ringback.rating.app.StoredRateTable;
import io.ringback.common.Money;
import io.ringback.rating.domain.PrefixIndex;
import io.ringback.rating.domain.RateDeck;
import io.ringback.rating.domain.RateDeckCsv;
import io.ringback.rating.domain.RateRow;
import io.ringback.rating.domain.RateTable;
import io.ringback.rating.domain.TableKind;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import javax.sql.DataSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Rate tables and their rows in PostgreSQL (schema {@code rating}), through plain JDBC. */
@ApplicationScoped
public class RateTableRepository {

    private static final Logger LOG = Logger.getLogger(RateTableRepository.class);
    private static final String TABLE_COLUMNS = "id, name, kind, currency, version, row_count, created_at, updated_at, "
            + "owner_account_id";
    private static final String ROW_COLUMNS = "prefix, description, price_per_minute, connect_fee, first_increment, "
            + "next_increment, valid_from, valid_to, minimum_charge";
    private static final int FETCH_SIZE = 10_000;
    /** What an agent sees: its own customer tables and the one it buys on (never a vendor cost table). */
    private static final String OF_AGENT = "WHERE kind = 'CUSTOMER' AND (owner_account_id = ? OR id = ?)";

    private final DataSource dataSource;

    public RateTableRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a new, empty table (version 1) of {@code owner} (null: the platform's); false when its name is taken. */
    public boolean create(RateTable table, UUID owner, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO rate_table (" + TABLE_COLUMNS
                     + ") VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            insert.setObject(1, UUID.fromString(table.id()));
            insert.setString(2, table.name());
            insert.setString(3, table.kind().name());
            insert.setString(4, table.currency());
            insert.setLong(5, table.version());
            insert.setTimestamp(6, Timestamp.from(now));
            insert.setTimestamp(7, Timestamp.from(now));
            insert.setObject(8, owner);
            return insert.executeUpdate() == 1;
        }
    }

    public Optional<StoredRateTable> find(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, id, false);
        }
    }

    /** The table, locked against concurrent imports and deletes until the transaction ends when {@code lock}. */
    public Optional<StoredRateTable> find(Connection connection, UUID id, boolean lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + TABLE_COLUMNS
                + " FROM rate_table WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(table(rows)) : Optional.empty();
            }
        }
    }

    /** One page of tables, by name. */
    public List<StoredRateTable> list(long offset, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + TABLE_COLUMNS
                     + " FROM rate_table ORDER BY name LIMIT ? OFFSET ?")) {
            select.setInt(1, limit);
            select.setLong(2, offset);
            return tables(select);
        }
    }

    /** One page, by name, of the customer tables {@code owner} owns and of the one with id {@code boughtOn} (may be null). */
    public List<StoredRateTable> listOf(UUID owner, UUID boughtOn, long offset, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + TABLE_COLUMNS + " FROM rate_table "
                     + OF_AGENT + " ORDER BY name LIMIT ? OFFSET ?")) {
            select.setObject(1, owner);
            select.setObject(2, boughtOn);
            select.setInt(3, limit);
            select.setLong(4, offset);
            return tables(select);
        }
    }

    /** How many tables {@link #listOf} pages through. */
    public long countOf(UUID owner, UUID boughtOn) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM rate_table " + OF_AGENT)) {
            select.setObject(1, owner);
            select.setObject(2, boughtOn);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static List<StoredRateTable> tables(PreparedStatement select) throws SQLException {
        List<StoredRateTable> tables = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tables.add(table(rows));
            }
        }
        return tables;
    }

    public long count() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM rate_table");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Deletes the table and its rows; false when there was none. */
    public boolean delete(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM rate_table WHERE id = ?")) {
            delete.setObject(1, id);
            return delete.executeUpdate() == 1;
        }
    }

    /** The version of every table. */
    public Map<String, Long> versions() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id, version FROM rate_table");
             ResultSet rows = select.executeQuery()) {
            Map<String, Long> versions = new HashMap<>();
            while (rows.next()) {
                versions.put(rows.getObject(1).toString(), rows.getLong(2));
            }
            return versions;
        }
    }

    /** Reads a table and its rows in one snapshot, so the deck is exactly the version it carries. */
    public Optional<RateDeck> loadDeck(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Optional<StoredRateTable> table = find(connection, id, false);
                if (table.isEmpty()) {
                    connection.commit();
                    return Optional.empty();
                }
                PrefixIndex.Builder builder = PrefixIndex.builder();
                forEachRow(connection, id, row -> {
                    int conflict = builder.add(row, builder.size() + 1);
                    if (conflict >= 0) {
                        LOG.warnf("rate table %s: row for prefix %s overlaps another stored row; it is ignored", id, row.prefix());
                    }
                });
                connection.commit();
                return Optional.of(new RateDeck(table.get().table(), builder.build()));
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Receives stored rows one at a time. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(RateRow row) throws IOException;
    }

    /** Streams the rows of a table by prefix and start of validity, without holding them all. */
    public void forEachRow(Connection connection, UUID id, RowConsumer consumer) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        // PostgreSQL streams with a cursor only inside a transaction.
        connection.setAutoCommit(false);
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ROW_COLUMNS
                + " FROM rate WHERE rate_table_id = ? ORDER BY prefix, valid_from NULLS FIRST")) {
            select.setFetchSize(FETCH_SIZE);
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    consumer.accept(row(rows));
                }
            }
        } catch (IOException e) {
            throw new SQLException("could not hand on a stored rate row", e);
        } finally {
            if (autoCommit) {
                connection.commit();
                connection.setAutoCommit(true);
            }
        }
    }

    /** Opens a connection for a read that streams. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Deletes every row of the table (inside the caller's transaction). */
    public void deleteRows(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM rate WHERE rate_table_id = ?")) {
            delete.setObject(1, id);
            delete.executeUpdate();
        }
    }

    /** Starts a bulk write of rows into the table (PostgreSQL COPY), inside the caller's transaction. */
    public RowWriter rowWriter(Connection connection, UUID id) throws SQLException {
        // The lines are RateDeckCsv's own; FORCE_NOT_NULL reads its empty description as '' (not NULL).
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY rate (rate_table_id, "
                + ROW_COLUMNS + ") FROM STDIN (FORMAT csv, FORCE_NOT_NULL (description))");
        return new RowWriter(copy, id.toString());
    }

    /** Marks the table changed: a new version, its row count, when. Answers the new version. */
    public long markReplaced(Connection connection, UUID id, int rowCount, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE rate_table SET version = version + 1, "
                + "row_count = ?, updated_at = ? WHERE id = ? RETURNING version")) {
            update.setInt(1, rowCount);
            update.setTimestamp(2, Timestamp.from(now));
            update.setObject(3, id);
            try (ResultSet rows = update.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Writes rows through COPY in chunks; nothing is visible before the transaction commits. */
    public static final class RowWriter {

        private static final int CHUNK = 1 << 16;

        private final CopyIn copy;
        private final String tableId;
        private final StringBuilder buffer = new StringBuilder(CHUNK + 512);

        private RowWriter(CopyIn copy, String tableId) {
            this.copy = copy;
            this.tableId = tableId;
        }

        /** Buffers the row as a CSV line (the table id, then the columns of {@link RateDeckCsv#writeRow}). */
        public void write(RateRow row) throws IOException {
            buffer.append(tableId).append(',');
            RateDeckCsv.writeRow(row, buffer);
            if (buffer.length() >= CHUNK) {
                try {
                    flush();
                } catch (SQLException e) {
                    throw new IOException("could not write rate rows to PostgreSQL", e);
                }
            }
        }

        public void finish() throws SQLException {
            flush();
            copy.endCopy();
        }

        public void cancel() throws SQLException {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    private static StoredRateTable table(ResultSet rows) throws SQLException {
        RateTable table = new RateTable(rows.getObject("id").toString(), rows.getString("name"),
                TableKind.valueOf(rows.getString("kind")), rows.getString("currency"), rows.getLong("version"));
        return new StoredRateTable(table, rows.getObject("owner_account_id", UUID.class), rows.getInt("row_count"),
                rows.getTimestamp("created_at").toInstant(), rows.getTimestamp("updated_at").toInstant());
    }

    private static RateRow row(ResultSet rows) throws SQLException {
        Timestamp from = rows.getTimestamp("valid_from");
        Timestamp to = rows.getTimestamp("valid_to");
        BigDecimal minimum = rows.getBigDecimal("minimum_charge");
        return new RateRow(rows.getString("prefix"), rows.getString("description"),
                rows.getBigDecimal("price_per_minute"), rows.getBigDecimal("connect_fee"),
                rows.getInt("first_increment"), rows.getInt("next_increment"),
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant(),
                minimum == null ? null : Money.round(minimum));
    }
}

package io.ringback.rating.app;

import io.ringback.common.Failure;
import io.ringback.common.FieldError;

import io.ringback.rating.adapter.persistence.RateTableRepository;
import io.ringback.rating.config.RatingConfig;
import io.ringback.rating.domain.CsvDeckException;
import io.ringback.rating.domain.E164;
import io.ringback.rating.domain.MatchedRate;
import io.ringback.rating.domain.PrefixIndex;
import io.ringback.rating.domain.RateDeck;
import io.ringback.rating.domain.RateDeckCsv;
import io.ringback.rating.domain.RateTable;
import io.ringback.rating.domain.RowError;
import io.ringback.rating.domain.TableKind;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Use cases on rate tables: create, list, delete, import and export decks, look numbers up.
 * Refusals are {@link Failure}s, which the adapters translate for their protocol.
 */
@ApplicationScoped
public class RateTables {

    private final RateTableRepository repository;
    private final DeckCache decks;
    private final RatingConfig config;
    private final Clock clock;

    public RateTables(RateTableRepository repository, DeckCache decks, RatingConfig config, Clock clock) {
        this.repository = repository;
        this.decks = decks;
        this.config = config;
        this.clock = clock;
    }

    public StoredRateTable create(String name, TableKind kind, String currency) throws SQLException {
        Instant now = clock.instant();
        RateTable table = new RateTable(UUID.randomUUID().toString(), name.trim(), kind, currency, 1);
        if (!repository.create(table, now)) {
            throw Failure.conflict("rate-table-name-taken", "Rate table name taken",
                    "a rate table named '" + table.name() + "' already exists");
        }
        decks.install(new RateDeck(table, PrefixIndex.empty()));
        return new StoredRateTable(table, 0, now, now);
    }

    /** Up to {@code limit} tables by name, from the {@code offset}-th. */
    public List<StoredRateTable> list(long offset, int limit) throws SQLException {
        return repository.list(offset, limit);
    }

    /** How many tables there are. */
    public long count() throws SQLException {
        return repository.count();
    }

    public StoredRateTable get(String id) throws SQLException {
        return repository.find(uuid(id)).orElseThrow(() -> notFound(id));
    }

    public void delete(String id) throws SQLException {
        if (!repository.delete(uuid(id))) {
            throw notFound(id);
        }
        decks.remove(uuid(id).toString());
    }

    /**
     * Replaces the table's rows with the deck read from {@code csv}, in one transaction: a failed
     * import changes nothing. With {@code skipInvalid} the valid rows are imported and the invalid
     * ones reported; without it a single invalid row refuses the whole file (an invalid-rate-deck failure).
     * A deleted table stays deleted even when its import commits first: the deck cache refuses it.
     */
    public ImportResult importCsv(String id, InputStream csv, boolean skipInvalid) throws SQLException, IOException {
        UUID tableId = uuid(id);
        try (Connection connection = repository.connection()) {
            connection.setAutoCommit(false);
            RateTableRepository.RowWriter writer = null;
            RateDeckCsv.Result result;
            StoredRateTable stored;
            try {
                stored = repository.find(connection, tableId, true).orElseThrow(() -> notFound(id));
                repository.deleteRows(connection, tableId);
                RateTableRepository.RowWriter rows = repository.rowWriter(connection, tableId);
                writer = rows;
                result = RateDeckCsv.read(
                        new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8), 1 << 16),
                        config.maxImportRows(), (row, line) -> rows.write(row));
                if (result.rejected() == 0 || skipInvalid) {
                    rows.finish();
                    long version = repository.markReplaced(connection, tableId, result.accepted(), clock.instant());
                    connection.commit();
                    RateTable table = stored.table();
                    decks.install(new RateDeck(new RateTable(table.id(), table.name(), table.kind(), table.currency(),
                            version), result.index()));
                    return new ImportResult(result.accepted(), result.rejected(), result.errors(), version);
                }
                abort(connection, rows);
            } catch (CsvDeckException e) {
                abort(connection, writer);
                throw Failure.invalid("unreadable-rate-deck", "Unreadable rate deck", e.getMessage());
            } catch (SQLException | IOException | RuntimeException e) {
                abort(connection, writer);
                throw e;
            }
            throw invalidDeck(result);
        }
    }

    /** Writes the table's rows as CSV, streaming from the database. */
    public void exportCsv(String id, OutputStream out) throws SQLException {
        UUID tableId = uuid(id);
        try (Connection connection = repository.connection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            repository.find(connection, tableId, false).orElseThrow(() -> notFound(id));
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            RateDeckCsv.writeHeader(writer);
            repository.forEachRow(connection, tableId, row -> RateDeckCsv.writeRow(row, writer));
            writer.flush();
            connection.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The number as normalized and the rate it gets in the table at {@code at}, from the deck in memory.
     *
     * @param number the number called; {@code +}, spaces and dashes are dropped
     */
    public NumberRate lookup(String id, String number, Instant at) {
        String normalized;
        try {
            normalized = E164.normalize(number);
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("invalid-number", "Invalid number", e.getMessage());
        }
        RateDeck deck = decks.find(uuid(id).toString()).orElseThrow(() -> notFound(id));
        MatchedRate rate = deck.lookup(normalized, at).orElseThrow(() -> new Failure(Failure.Kind.NOT_FOUND, "no-rate", "No rate",
                "rate table " + id + " has no rate for " + normalized + " at " + at));
        return new NumberRate(normalized, rate);
    }

    /** A looked-up number (normalized digits) and its rate. */
    public record NumberRate(String number, MatchedRate rate) {
    }

    private static void abort(Connection connection, RateTableRepository.RowWriter writer) throws SQLException {
        if (writer != null) {
            try {
                writer.cancel();
            } catch (SQLException e) {
                // the rollback below ends the COPY as well
            }
        }
        connection.rollback();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Failure.invalidField("id", "is not a rate table id (a UUID): '" + id + "'");
        }
    }

    private static Failure notFound(String id) {
        return Failure.notFound("Rate table", "no rate table with id '" + id + "'");
    }

    /** Rows of the CSV are invalid: the import refuses the file, listing the first of them by line. */
    private static Failure invalidDeck(RateDeckCsv.Result result) {
        List<RowError> errors = result.errors();
        return Failure.unprocessable("invalid-rate-deck", "Invalid rate deck",
                        result.rejected() + " row(s) are invalid; nothing was imported and the table is unchanged"
                                + (errors.size() < result.rejected() ? " (the first " + errors.size() + " are listed)" : ""))
                .withErrors(errors.stream().map(error -> new FieldError("line " + error.line(), error.reason())).toList());
    }
}

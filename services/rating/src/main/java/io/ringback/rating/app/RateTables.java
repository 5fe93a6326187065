package io.ringback.rating.app;

import io.ringback.common.Authorization;
import io.ringback.common.Failure;
import io.ringback.common.FieldError;
import io.ringback.common.Page;
import io.ringback.common.Principal;
import io.ringback.rating.adapter.grpc.AccountsClient;

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
 * Use cases on rate tables: create, list, delete, import and export decks, look numbers up, each
 * for a caller ({@link TableAccess}: the admin sees every table, an agent its own rate plans and
 * the one it buys on). Refusals are {@link Failure}s, which the adapters translate for their protocol.
 */
@ApplicationScoped
public class RateTables {

    private final RateTableRepository repository;
    private final DeckCache decks;
    private final RatingConfig config;
    private final AccountsClient accounts;
    private final Clock clock;

    public RateTables(RateTableRepository repository, DeckCache decks, RatingConfig config, AccountsClient accounts,
                      Clock clock) {
        this.repository = repository;
        this.decks = decks;
        this.config = config;
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * Creates an empty table. An agent creates rate plans (customer tables) of its own only, and
     * needs {@code MANAGE_ACCOUNTS} (a plan is what it sells to its sub-accounts); the admin creates
     * vendor cost tables and platform tables, or a customer table owned by the account it names.
     *
     * @param owner the owning account; null = the caller's own account for an agent, the platform for the admin
     */
    public StoredRateTable create(Principal caller, String name, TableKind kind, String currency, UUID owner)
            throws SQLException {
        if (!caller.admin()) {
            caller.require(Authorization.MANAGE_ACCOUNTS);
            if (kind != TableKind.CUSTOMER) {
                throw Failure.forbidden("admin-only", "Admin only",
                        "vendor cost tables are the platform's: only the platform admin may create them");
            }
            if (owner != null && !owner.equals(caller.accountId())) {
                throw Failure.forbidden("not-owner", "Not the owner",
                        "an agent creates rate plans of its own account only; leave ownerAccountId out");
            }
            owner = caller.accountId();
        } else if (owner != null) {
            if (kind != TableKind.CUSTOMER) {
                throw Failure.unprocessable("vendor-table-owned", "Vendor tables have no owner",
                        "a vendor cost table is the platform's; ownerAccountId is for customer tables (rate plans) only")
                        .withErrors(List.of(new FieldError("ownerAccountId", "must be absent for a VENDOR table")));
            }
            accounts.requireAccount(owner);
        }
        Instant now = clock.instant();
        RateTable table = new RateTable(UUID.randomUUID().toString(), name.trim(), kind, currency, 1);
        if (!repository.create(table, owner, now)) {
            throw Failure.conflict("rate-table-name-taken", "Rate table name taken",
                    "a rate table named '" + table.name() + "' already exists");
        }
        decks.install(new RateDeck(table, PrefixIndex.empty()));
        return new StoredRateTable(table, owner, 0, now, now);
    }

    /** One page of the tables the caller sees, by name. */
    public Page<StoredRateTable> list(Principal caller, int page, int size) throws SQLException {
        long offset = Page.offset(page, size);
        if (caller.admin()) {
            return new Page<>(repository.list(offset, size), page, size, repository.count());
        }
        UUID boughtOn = accounts.boughtOn(caller.accountId());
        return new Page<>(repository.listOf(caller.accountId(), boughtOn, offset, size), page, size,
                repository.countOf(caller.accountId(), boughtOn));
    }

    /** The table, if the caller may see it; otherwise, as if it did not exist, not found. */
    public StoredRateTable get(Principal caller, String id) throws SQLException {
        StoredRateTable table = repository.find(uuid(id)).orElseThrow(() -> notFound(id));
        if (TableAccess.writable(caller, table)) {
            return table;
        }
        // Only a customer table can be the plan the agent buys on: no need to ask accounts otherwise.
        if (table.table().kind() == TableKind.CUSTOMER
                && TableAccess.readable(caller, table, accounts.boughtOn(caller.accountId()))) {
            return table;
        }
        throw notFound(id);
    }

    /** Any table by id, for another service (GetRateTable). */
    public StoredRateTable describe(String id) throws SQLException {
        return repository.find(uuid(id)).orElseThrow(() -> notFound(id));
    }

    /**
     * Deletes the table, unless an account buys on it (409: accounts says how many). The check and
     * the delete are not one transaction across the two services: an account given the table as
     * its plan between them is left naming a deleted table, which its quotes answer NO_RATE_TABLE.
     */
    public void delete(Principal caller, String id) throws SQLException {
        StoredRateTable table = changeable(caller, id);
        UUID tableId = uuid(id);
        long buyers = accounts.accountsBuyingOn(tableId);
        if (buyers > 0) {
            throw Failure.conflict("rate-table-in-use", "Rate table in use", buyers + " account(s) have rate table "
                    + id + " as their rate plan; give them another plan before deleting it");
        }
        if (!repository.delete(tableId)) {
            throw notFound(id);
        }
        decks.remove(table.table().id());
    }

    /** The table if the caller may change it: 404 when it may not see it, 403 when it only buys on it. */
    private StoredRateTable changeable(Principal caller, String id) throws SQLException {
        StoredRateTable table = get(caller, id);
        if (!TableAccess.writable(caller, table)) {
            throw Failure.forbidden("not-owner", "Not the owner",
                    "rate table " + id + " is the plan your account buys on; only its owner changes it");
        }
        if (!caller.admin()) {
            caller.require(Authorization.MANAGE_ACCOUNTS);
        }
        return table;
    }

    /**
     * Replaces the table's rows with the deck read from {@code csv}, in one transaction: a failed
     * import changes nothing. With {@code skipInvalid} the valid rows are imported and the invalid
     * ones reported; without it a single invalid row refuses the whole file (an invalid-rate-deck failure).
     * A deleted table stays deleted even when its import commits first: the deck cache refuses it.
     */
    public ImportResult importCsv(Principal caller, String id, InputStream csv, boolean skipInvalid, boolean force)
            throws SQLException, IOException {
        changeable(caller, id);
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
                if ((result.rejected() == 0 || skipInvalid) && result.accepted() == 0 && !force) {
                    abort(connection, rows);
                    throw emptyDeck(result);
                }
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

    /** Writes the table's rows as CSV, streaming from the database; check the caller with {@link #get} first. */
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
    public NumberRate lookup(Principal caller, String id, String number, Instant at) throws SQLException {
        if (!caller.admin()) {
            get(caller, id);
        }
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

    /** The import would leave the table without rows: refused unless forced, so no slip empties a live table. */
    private static Failure emptyDeck(RateDeckCsv.Result result) {
        return Failure.unprocessable("empty-rate-deck", "Rate deck without rows", (result.rejected() == 0
                ? "the file has no rate rows"
                : "every one of its " + result.rejected() + " row(s) is invalid")
                + "; importing it would leave the table empty, so nothing was imported and the table is unchanged"
                + " (send force=true to empty it on purpose)")
                .withErrors(result.errors().stream().map(error -> new FieldError("line " + error.line(), error.reason())).toList());
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

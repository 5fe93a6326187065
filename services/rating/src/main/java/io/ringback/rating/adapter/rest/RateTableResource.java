package io.ringback.rating.adapter.rest;

import io.ringback.rating.adapter.metrics.RatingMetrics;
import io.ringback.rating.app.RateTables;
import io.ringback.rating.app.StoredRateTable;
import io.ringback.rating.domain.RateDeckCsv;
import io.ringback.common.Page;
import io.ringback.common.Failure;
import io.ringback.service.auth.CurrentPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/** Rate tables for the BSS: create, list, delete, CSV import and export, number lookup. */
@Path("/api/v1/rate-tables")
@Produces(MediaType.APPLICATION_JSON)
public class RateTableResource {

    static final String TEXT_CSV = "text/csv";

    private final RateTables rateTables;
    private final CurrentPrincipal caller;
    private final Clock clock;
    private final RatingMetrics metrics;

    public RateTableResource(RateTables rateTables, CurrentPrincipal caller, Clock clock, RatingMetrics metrics) {
        this.rateTables = rateTables;
        this.caller = caller;
        this.clock = clock;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull RateTableRequest request) throws SQLException {
        RateTableView created = RateTableView.of(rateTables.create(caller.get(), request.name(), request.kind(),
                request.currency(), request.ownerAccountId()));
        return Response.created(URI.create("/api/v1/rate-tables/" + created.id())).entity(created).build();
    }

    /** The tables the caller sees: all for the admin; an agent's own rate plans and the one it buys on. */
    @GET
    public Page<RateTableView> list(@QueryParam("page") @DefaultValue("0") int page,
                                    @QueryParam("size") @DefaultValue("50") int size) throws SQLException {
        Page<StoredRateTable> tables = rateTables.list(caller.get(), page, size);
        return new Page<>(tables.items().stream().map(RateTableView::of).toList(), page, size, tables.total());
    }

    @GET
    @Path("/{id}")
    public RateTableView get(@PathParam("id") String id) throws SQLException {
        return RateTableView.of(rateTables.get(caller.get(), id));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) throws SQLException {
        rateTables.delete(caller.get(), id);
        return Response.noContent().build();
    }

    /**
     * Replaces the table's rows with a CSV deck. {@code invalidRows=reject} (default): one invalid
     * row refuses the file (422 listing every bad line) and nothing changes; {@code skip}: the
     * valid rows replace the table and the invalid ones are reported. A file that would leave the
     * table without rows (no rows, or none valid in skip mode) is refused (422) unless {@code force=true}.
     */
    @PUT
    @Path("/{id}/rates")
    @Consumes(TEXT_CSV)
    public ImportView importCsv(@PathParam("id") String id, @QueryParam("invalidRows") @DefaultValue("reject") String invalidRows,
                                @QueryParam("force") @DefaultValue("false") String force, InputStream csv) throws SQLException, IOException {
        boolean skip = switch (invalidRows) {
            case "reject" -> false;
            case "skip" -> true;
            default -> throw Failure.invalidField("invalidRows", "must be 'reject' or 'skip', got '" + invalidRows + "'");
        };
        boolean forced = switch (force) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Failure.invalidField("force", "must be true or false, got '" + force + "'");
        };
        return ImportView.of(metrics.timeImport(() -> rateTables.importCsv(caller.get(), id, csv, skip, forced)));
    }

    @GET
    @Path("/{id}/rates")
    @Produces(TEXT_CSV)
    public Response exportCsv(@PathParam("id") String id) throws SQLException {
        String name = rateTables.get(caller.get(), id).table().name();
        StreamingOutput body = out -> {
            try {
                rateTables.exportCsv(id, out);
            } catch (SQLException e) {
                throw new IOException("export of rate table " + id + " failed", e);
            }
        };
        return Response.ok(body, TEXT_CSV)
                .header("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv\"")
                .build();
    }

    @GET
    @Path("/{id}/lookup")
    public RateView lookup(@PathParam("id") String id, @QueryParam("number") String number, @QueryParam("at") String at)
            throws SQLException {
        if (number == null || number.isBlank()) {
            throw Failure.invalid("invalid-number", "Invalid number", "the query parameter 'number' is required");
        }
        return RateView.of(rateTables.lookup(caller.get(), id, number, at == null || at.isBlank() ? clock.instant() : instant(at)).rate());
    }

    private static Instant instant(String text) {
        try {
            return RateDeckCsv.time(text);
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("invalid-time", "Invalid time",
                    "'" + text + "' is not an RFC 3339 time such as 2026-03-01T10:00:00Z");
        }
    }
}

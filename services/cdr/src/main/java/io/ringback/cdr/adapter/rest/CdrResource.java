package io.ringback.cdr.adapter.rest;

import io.ringback.cdr.adapter.persistence.CdrSearchRepository;
import io.ringback.cdr.adapter.persistence.CdrSearchRepository.Found;
import io.ringback.cdr.adapter.persistence.CdrSearchRepository.Query;
import io.ringback.common.Failure;
import io.ringback.common.Money;
import io.ringback.common.Page;
import io.ringback.common.Principal;
import io.ringback.service.auth.AccountScope;
import io.ringback.service.auth.CurrentPrincipal;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Rated CDRs for the BSS (issue #12): search by account (alone or with its subtree), session,
 * number, gateway and end time, keyset-paginated. An agent sees only its own subtree: an account
 * outside it does not exist for it (404), and without an account it searches its own subtree.
 */
@Path("/api/v1/cdrs")
@Produces(MediaType.APPLICATION_JSON)
public class CdrResource {

    /** One page of CDRs and the cursor of the next ({@code null}: this was the last). */
    public record CdrPage(List<CdrView> items, String next) {
    }

    /** A rated CDR; amounts are decimal strings with 6 places. */
    public record CdrView(UUID cdrId, String sessionId, String legId, String role, String accountId,
                          String callerNumber, String calledNumber, String gatewayId, Instant answeredAt,
                          Instant endedAt, long durationMs, int billableSeconds, boolean billed, String ratedReason,
                          String customerCharge, String vendorCost, String currency, String prefix) {

        static CdrView of(Found f) {
            return new CdrView(f.cdrId(), f.sessionId(), f.legId(), f.role(), f.accountId(), f.callerNumber(),
                    f.calledNumber(), f.gatewayId(), f.answeredAt(), f.endedAt(), f.durationMs(), f.billableSeconds(),
                    f.billed(), f.ratedReason(), Money.format(f.customerCharge()), Money.format(f.vendorCost()),
                    f.currency(), f.prefix());
        }
    }

    private final DataSource dataSource;
    private final CdrSearchRepository search;
    private final AccountScope scope;
    private final CurrentPrincipal caller;

    public CdrResource(DataSource dataSource, CdrSearchRepository search, AccountScope scope, CurrentPrincipal caller) {
        this.dataSource = dataSource;
        this.search = search;
        this.scope = scope;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Search rated CDRs (keyset pagination, agent-scoped)")
    public CdrPage search(@QueryParam("accountId") UUID accountId,
                          @QueryParam("subtree") @DefaultValue("false") boolean subtree,
                          @QueryParam("sessionId") String sessionId, @QueryParam("number") String number,
                          @QueryParam("gatewayId") String gatewayId, @QueryParam("from") String from,
                          @QueryParam("to") String to, @QueryParam("after") String after,
                          @QueryParam("size") @DefaultValue("50") int size) throws SQLException {
        Principal principal = caller.get();
        if (size < 1 || size > Page.MAX_SIZE) {
            throw Failure.invalidField("size", "must be from 1 to " + Page.MAX_SIZE);
        }
        UUID account = accountId;
        boolean withSubtree = subtree;
        if (account == null && !principal.admin()) {
            account = principal.accountId();
            withSubtree = true;
        } else if (account != null) {
            scope.requireVisible(principal, account, "Account", account);
        }
        Instant fromTime = instant("from", from);
        Instant toTime = instant("to", to);
        Instant afterEnded = null;
        UUID afterCdr = null;
        if (after != null) {
            String[] cursor = decode(after);
            afterEnded = instant("after", cursor[0]);
            afterCdr = uuid(cursor[1]);
        }
        List<Found> found;
        try (Connection c = dataSource.getConnection()) {
            found = search.search(c, new Query(account, withSubtree, blank(sessionId), blank(number), blank(gatewayId),
                    fromTime, toTime, afterEnded, afterCdr, size + 1));
        }
        boolean more = found.size() > size;
        List<CdrView> items = found.stream().limit(size).map(CdrView::of).toList();
        CdrView last = more ? items.get(items.size() - 1) : null;
        return new CdrPage(items, last == null ? null : encode(last.endedAt() + "," + last.cdrId()));
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Failure.invalidField(field, "must be an RFC 3339 UTC time such as 2026-12-01T00:00:00Z");
        }
    }

    private static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String after) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8).split(",");
            if (parts.length == 2) {
                return parts;
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the refusal below.
        }
        throw Failure.invalidField("after", "must be the 'next' cursor of a previous page");
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw Failure.invalidField("after", "must be the 'next' cursor of a previous page");
        }
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}

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
import io.ringback.cdr.app.CdrRerating;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Rated CDRs for the BSS (issue #12): search by account (alone or with its subtree), session,
 * number, gateway and end time, keyset-paginated. An agent sees only its own subtree: an account
 * outside it does not exist for it (404), and without an account it searches its own subtree.
 * Only current records are listed: a corrected record gives way to its correction. Re-rating
 * after a deck correction ({@code POST re-rate}) is scoped the same way.
 */
@Path("/api/v1/cdrs")
@Produces(MediaType.APPLICATION_JSON)
public class CdrResource {

    /** One page of CDRs and the cursor of the next ({@code null}: this was the last). */
    public record CdrPage(List<CdrView> items, String next) {
    }

    /** A rated CDR, the current record of its leg; amounts are decimal strings with 6 places. */
    public record CdrView(UUID cdrId, String sessionId, String legId, String role, String accountId,
                          String callerNumber, String calledNumber, String gatewayId, Instant answeredAt,
                          Instant endedAt, long durationMs, int billableSeconds, boolean billed, String ratedReason,
                          String customerCharge, String vendorCost, String currency, String prefix,
                          UUID correctsCdrId) {

        static CdrView of(Found f) {
            return new CdrView(f.cdrId(), f.sessionId(), f.legId(), f.role(), f.accountId(), f.callerNumber(),
                    f.calledNumber(), f.gatewayId(), f.answeredAt(), f.endedAt(), f.durationMs(), f.billableSeconds(),
                    f.billed(), f.ratedReason(), Money.format(f.customerCharge()), Money.format(f.vendorCost()),
                    f.currency(), f.prefix(), f.correctsCdrId());
        }
    }

    /**
     * What to re-rate: the sessions named, or those that ended in [from, to) (of the account, with
     * its subtree when asked; an agent's own subtree without one).
     */
    public record RerateRequest(List<String> sessionIds, String from, String to, UUID accountId, Boolean subtree) {
    }

    /** What a re-rating did: sessions looked at, records corrected and unchanged, sessions made due, failures. */
    public record RerateResult(int sessions, int corrected, int unchanged, int queued, List<String> failed) {
    }

    /** How many sessions one re-rating request may take; a wider range is refused. */
    static final int MAX_RERATE_SESSIONS = 10_000;

    private final DataSource dataSource;
    private final CdrSearchRepository search;
    private final CdrRerating rerating;
    private final AccountScope scope;
    private final CurrentPrincipal caller;

    public CdrResource(DataSource dataSource, CdrSearchRepository search, CdrRerating rerating, AccountScope scope,
                       CurrentPrincipal caller) {
        this.rerating = rerating;
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

    @POST
    @Path("re-rate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-rate sessions after a deck correction: corrections are new records on cdr.rated")
    public RerateResult rerate(RerateRequest request) throws SQLException {
        Principal principal = caller.get();
        if (request == null) {
            throw Failure.invalid("missing-body", "Missing body", "send sessionIds, or from and to");
        }
        List<String> sessions = request.sessionIds() != null && !request.sessionIds().isEmpty()
                ? namedSessions(principal, request) : sessionsInRange(principal, request);
        int corrected = 0;
        int unchanged = 0;
        int queued = 0;
        List<String> failed = new ArrayList<>();
        for (String sessionId : sessions) {
            CdrRerating.Outcome outcome = rerating.rerate(sessionId);
            if (outcome == null) {
                continue;
            }
            corrected += outcome.corrected();
            unchanged += outcome.unchanged();
            queued += outcome.queued() ? 1 : 0;
            if (!outcome.failure().isEmpty()) {
                failed.add(sessionId + ": " + outcome.failure());
            }
        }
        return new RerateResult(sessions.size(), corrected, unchanged, queued, failed);
    }

    private List<String> namedSessions(Principal principal, RerateRequest request) throws SQLException {
        if (request.from() != null || request.to() != null || request.accountId() != null) {
            throw Failure.invalid("sessions-or-range", "Sessions or a time range",
                    "send either sessionIds or from and to (with an optional accountId), not both");
        }
        if (request.sessionIds().size() > MAX_RERATE_SESSIONS) {
            throw Failure.invalidField("sessionIds", "at most " + MAX_RERATE_SESSIONS + " sessions per request");
        }
        List<String> sessions = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (String sessionId : new LinkedHashSet<>(request.sessionIds())) {
                String account = sessionId == null ? null : search.sessionAccount(c, sessionId);
                if (account == null || (!principal.admin() && (account.isEmpty()
                        || !scope.visible(principal, UUID.fromString(account))))) {
                    throw Failure.notFound("Session", "No session " + sessionId + ".");
                }
                sessions.add(sessionId);
            }
        }
        return sessions;
    }

    private List<String> sessionsInRange(Principal principal, RerateRequest request) throws SQLException {
        Instant from = instant("from", request.from());
        Instant to = instant("to", request.to());
        if (from == null || to == null) {
            throw Failure.invalid("sessions-or-range", "Sessions or a time range",
                    "send sessionIds, or from and to (RFC 3339 UTC)");
        }
        if (!from.isBefore(to)) {
            throw Failure.invalidField("to", "must be after from");
        }
        UUID account = request.accountId();
        boolean subtree = Boolean.TRUE.equals(request.subtree());
        if (account == null && !principal.admin()) {
            account = principal.accountId();
            subtree = true;
        } else if (account != null) {
            scope.requireVisible(principal, account, "Account", account);
        }
        List<String> sessions;
        try (Connection c = dataSource.getConnection()) {
            sessions = search.sessionsEnded(c, account, subtree, from, to, MAX_RERATE_SESSIONS + 1);
        }
        if (sessions.size() > MAX_RERATE_SESSIONS) {
            throw Failure.unprocessable("too-many-sessions", "Too many sessions", "more than "
                    + MAX_RERATE_SESSIONS + " sessions ended in that range: re-rate a narrower one");
        }
        return sessions;
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

package io.ringback.rating.adapter.rest;

import io.ringback.rating.app.RateTables;
import io.ringback.rating.domain.LegPrice;
import io.ringback.rating.domain.MatchedRate;
import io.ringback.common.Money;
import io.ringback.service.auth.CurrentPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/** Prices one leg: what a number costs for a duration in a table. */
@Path("/api/v1/rating/price")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PriceResource {

    private final RateTables rateTables;
    private final CurrentPrincipal caller;
    private final Clock clock;

    public PriceResource(RateTables rateTables, CurrentPrincipal caller, Clock clock) {
        this.rateTables = rateTables;
        this.caller = caller;
        this.clock = clock;
    }

    /** Prices with a table the caller sees (an agent: its own rate plans and the one it buys on). */
    @POST
    public PriceView price(@Valid @NotNull PriceRequest request) throws SQLException {
        Instant start = request.startTime() == null ? clock.instant() : request.startTime();
        RateTables.NumberRate found = rateTables.lookup(caller.get(), request.rateTableId(), request.number(), start);
        MatchedRate rate = found.rate();
        LegPrice price = rate.price(request.durationMs());
        return new PriceView(rate.table().id(), found.number(), start, request.durationMs(),
                price.billableSeconds(), Money.format(price.charge()), rate.table().currency(), RateView.of(rate));
    }
}

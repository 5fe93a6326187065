package io.ringback.rating.adapter.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.ringback.service.grpc.GrpcFailures;
import io.ringback.proto.common.v1.LevelAmount;
import io.ringback.proto.rating.v1.GetRateTableRequest;
import io.ringback.proto.rating.v1.GetRateTableResponse;
import io.ringback.proto.rating.v1.LevelQuote;
import io.ringback.proto.rating.v1.RateTableKind;
import io.ringback.proto.rating.v1.QuoteReason;
import io.ringback.proto.rating.v1.QuoteRequest;
import io.ringback.proto.rating.v1.QuoteResponse;
import io.ringback.proto.rating.v1.RateLegsRequest;
import io.ringback.proto.rating.v1.RateLegsResponse;
import io.ringback.proto.rating.v1.RatedLeg;
import io.ringback.proto.rating.v1.RatedLegReason;
import io.ringback.proto.rating.v1.Route;
import io.ringback.proto.rating.v1.RoutesReason;
import io.ringback.proto.rating.v1.RoutesRequest;
import io.ringback.proto.rating.v1.RoutesResponse;
import io.ringback.proto.rating.v1.LegToRate;
import io.ringback.proto.common.v1.LevelCharge;
import io.ringback.proto.common.v1.LegRole;
import io.ringback.rating.app.RateTables;
import io.ringback.rating.app.StoredRateTable;
import io.ringback.rating.config.RatingConfig;
import io.ringback.rating.domain.ChainLevel;
import io.ringback.rating.domain.CtdMode;
import io.ringback.rating.domain.Leg;
import io.ringback.common.Money;
import io.ringback.rating.domain.Quote;
import io.ringback.rating.domain.Quoter;
import io.ringback.rating.domain.RatedSession;
import io.ringback.rating.domain.RouteCandidate;
import io.ringback.rating.domain.RouteSelector;
import io.ringback.rating.domain.Routes;
import io.ringback.rating.domain.SessionRater;
import io.ringback.rating.domain.SessionToRate;
import io.ringback.rating.domain.TableKind;
import io.ringback.rating.domain.UnknownRateTableException;
import io.smallrye.common.annotation.Blocking;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static io.ringback.rating.adapter.grpc.ProtoMapping.invalid;

/**
 * Serves {@code ringback.rating.v1.RatingService} (and, beside it, the standard gRPC health
 * service). Quote, Routes and RateLegs are computed from the decks in memory, so they run on the
 * event loop without blocking; GetRateTable reads the database on a worker thread. Business
 * outcomes are reasons in the response; malformed input is
 * INVALID_ARGUMENT, an unknown rate table NOT_FOUND, and a request without the chain or the funds
 * FAILED_PRECONDITION (rating does not call the accounts service yet).
 */
@GrpcService
public class RatingGrpcService extends io.ringback.proto.rating.v1.RatingServiceGrpc.RatingServiceImplBase {

    private final Quoter quoter;
    private final RouteSelector routeSelector;
    private final SessionRater sessionRater;
    private final RatingConfig config;
    private final RateTables rateTables;
    private final Clock clock;

    public RatingGrpcService(Quoter quoter, RouteSelector routeSelector, SessionRater sessionRater,
                             RatingConfig config, RateTables rateTables, Clock clock) {
        this.quoter = quoter;
        this.routeSelector = routeSelector;
        this.sessionRater = sessionRater;
        this.config = config;
        this.rateTables = rateTables;
        this.clock = clock;
    }

    @Override
    @Blocking
    public void getRateTable(GetRateTableRequest request, StreamObserver<GetRateTableResponse> response) {
        answer(response, () -> {
            StoredRateTable stored;
            try {
                stored = rateTables.describe(request.getRateTableId());
            } catch (SQLException e) {
                // GrpcFailures answers a database that cannot serve UNAVAILABLE, anything else INTERNAL.
                throw new IllegalStateException("reading rate table " + request.getRateTableId() + " failed", e);
            }
            return GetRateTableResponse.newBuilder()
                    .setRateTableId(stored.table().id())
                    .setName(stored.table().name())
                    .setKind(stored.table().kind() == TableKind.VENDOR
                            ? RateTableKind.RATE_TABLE_KIND_VENDOR : RateTableKind.RATE_TABLE_KIND_CUSTOMER)
                    .setCurrency(stored.table().currency())
                    .setOwnerAccountId(stored.owner() == null ? "" : stored.owner().toString())
                    .setRowCount(stored.rowCount())
                    .build();
        });
    }

    @Override
    public void quote(QuoteRequest request, StreamObserver<QuoteResponse> response) {
        answer(response, () -> quote(request));
    }

    @Override
    public void routes(RoutesRequest request, StreamObserver<RoutesResponse> response) {
        answer(response, () -> routes(request));
    }

    @Override
    public void rateLegs(RateLegsRequest request, StreamObserver<RateLegsResponse> response) {
        answer(response, () -> rateLegs(request));
    }

    private QuoteResponse quote(QuoteRequest request) {
        List<ChainLevel> chain = ProtoMapping.chain(request.getChainList());
        if (request.getAvailableFundsCount() == 0) {
            throw Status.FAILED_PRECONDITION.withDescription(ProtoMapping.FUNDS_REQUIRED).asRuntimeException();
        }
        Map<Integer, BigDecimal> byLevel = new HashMap<>();
        for (LevelAmount amount : request.getAvailableFundsList()) {
            byLevel.put(amount.getLevel(), ProtoMapping.money(amount.getAmount(), "available_funds[level " + amount.getLevel() + "]"));
        }
        List<BigDecimal> funds = new ArrayList<>();
        for (ChainLevel level : chain) {
            BigDecimal available = byLevel.get(level.level());
            if (available == null) {
                throw invalid("available_funds has no amount for chain level " + level.level());
            }
            funds.add(available);
        }
        if (request.getLegAElapsedMs() < 0 || request.getMinimumDurationSeconds() < 0 || request.getMaxDurationCapSeconds() < 0) {
            throw invalid("leg_a_elapsed_ms, minimum_duration_seconds and max_duration_cap_seconds cannot be negative");
        }
        if (request.getLegAElapsedMs() > Leg.MAX_DURATION_MS) {
            throw invalid("leg_a_elapsed_ms must be at most " + Leg.MAX_DURATION_MS + " (24 hours)");
        }
        int cap = request.getMaxDurationCapSeconds() > 0 ? request.getMaxDurationCapSeconds()
                : (int) config.maxCallDuration().toSeconds();
        CtdMode mode = ProtoMapping.mode(request.getCtdMode(), request.getChainList());
        Quote quote = quoter.quote(new io.ringback.rating.domain.QuoteRequest(chain, funds,
                ProtoMapping.number(request.getUserNumber(), "user_number"),
                ProtoMapping.number(request.getDestinationNumber(), "destination_number"), mode,
                request.getFlowRateTableId(), request.getLegAElapsedMs(), request.getMinimumDurationSeconds(), cap,
                request.hasAt() ? ProtoMapping.instant(request.getAt()) : clock.instant()));
        QuoteResponse.Builder answer = QuoteResponse.newBuilder()
                .setAllowed(quote.allowed())
                .setReason(QuoteReason.valueOf("QUOTE_REASON_" + quote.outcome().name()))
                .setLegARateFound(quote.legARateFound())
                .setLegBRateFound(quote.legBRateFound())
                .setMaxDurationSeconds((int) quote.maxDurationSeconds());
        if (quote.refusedAccountId() != null) {
            answer.setRefusedAccountId(quote.refusedAccountId());
        }
        for (io.ringback.rating.domain.LevelQuote level : quote.levels()) {
            LevelQuote.Builder levelQuote = LevelQuote.newBuilder()
                    .setLevel(level.level().level())
                    .setAccountId(level.level().accountId())
                    .setLegAAccruedCharge(Money.format(level.legAAccruedCharge()))
                    .setAvailable(Money.format(level.available()))
                    .setMaxDurationSeconds((int) level.maxDurationSeconds())
                    .setMaxDurationCharge(Money.format(level.maxDurationCharge()))
                    .setCurrency(level.level().currency());
            if (level.legARate() != null) {
                levelQuote.setLegARate(ProtoMapping.rate(level.legARate()));
            }
            if (level.legBRate() != null) {
                levelQuote.setLegBRate(ProtoMapping.rate(level.legBRate()));
            }
            answer.addLevels(levelQuote);
        }
        return answer.build();
    }

    private RoutesResponse routes(RoutesRequest request) {
        if (request.getCandidatesCount() == 0) {
            throw Status.FAILED_PRECONDITION.withDescription("candidates are required: signaling owns the gateways, "
                    + "their capacity and their cost tables, and rating keeps no gateway mapping").asRuntimeException();
        }
        if (request.getMaxRoutes() < 0) {
            throw invalid("max_routes cannot be negative");
        }
        List<RouteCandidate> candidates = new ArrayList<>();
        for (io.ringback.proto.rating.v1.RouteCandidate candidate : request.getCandidatesList()) {
            if (candidate.getGatewayId().isEmpty() || candidate.getCostRateTableId().isEmpty()) {
                throw invalid("every candidate needs gateway_id and cost_rate_table_id");
            }
            candidates.add(new RouteCandidate(candidate.getGatewayId(), candidate.getCostRateTableId(), candidate.getPriority()));
        }
        // RoutesRequest names no currency for the price: the guard then needs the cost tables to agree on one.
        Optional<RouteSelector.CustomerPrice> price = request.getCustomerPricePerMinute().isEmpty() ? Optional.empty()
                : Optional.of(new RouteSelector.CustomerPrice(
                        ProtoMapping.money(request.getCustomerPricePerMinute(), "customer_price_per_minute"), ""));
        Routes routes = routeSelector.select(ProtoMapping.number(request.getDestinationNumber(), "destination_number"),
                candidates, price, request.getNeverAtALoss(), request.getMaxRoutes(),
                request.hasAt() ? ProtoMapping.instant(request.getAt()) : clock.instant());
        RoutesResponse.Builder answer = RoutesResponse.newBuilder()
                .setReason(RoutesReason.valueOf("ROUTES_REASON_" + routes.outcome().name()))
                .setExcludedByMarginGuard(routes.excludedByMarginGuard());
        for (io.ringback.rating.domain.Route route : routes.routes()) {
            io.ringback.rating.domain.RateRow row = route.cost().row();
            answer.addRoutes(Route.newBuilder()
                    .setGatewayId(route.gateway().gatewayId())
                    .setCostRateTableId(route.gateway().costTableId())
                    .setPrefix(row.prefix())
                    .setCostPerMinute(Money.format(row.pricePerMinute()))
                    .setConnectFee(Money.format(row.connectFee()))
                    .setFirstIncrementSeconds(row.firstIncrement())
                    .setNextIncrementSeconds(row.nextIncrement())
                    .setPriority(route.gateway().priority())
                    .setCurrency(route.cost().table().currency()));
        }
        return answer.build();
    }

    private RateLegsResponse rateLegs(RateLegsRequest request) {
        List<ChainLevel> chain = ProtoMapping.chain(request.getChainList());
        if (request.getLegsCount() == 0) {
            throw invalid("legs: at least one leg is required");
        }
        List<Leg> legs = new ArrayList<>();
        for (LegToRate leg : request.getLegsList()) {
            legs.add(leg(leg));
        }
        CtdMode mode = ProtoMapping.mode(request.getCtdMode(), request.getChainList());
        RatedSession session = sessionRater.rate(new SessionToRate(mode, request.getFlowRateTableId(), chain, legs,
                request.getBillLegAWhenLegBFailed()));
        String accountCurrency = chain.get(0).currency();
        RateLegsResponse.Builder answer = RateLegsResponse.newBuilder()
                .setTotalCustomerCharge(Money.format(session.totalCustomerCharge()))
                .setTotalVendorCost(Money.format(session.totalVendorCost()));
        for (io.ringback.rating.domain.RatedLeg rated : session.legs()) {
            RatedLeg.Builder leg = RatedLeg.newBuilder()
                    .setLegId(rated.leg().legId())
                    .setRole(rated.leg().role() == io.ringback.rating.domain.LegRole.A ? LegRole.LEG_ROLE_A : LegRole.LEG_ROLE_B)
                    .setBilled(rated.billed())
                    .setReason(RatedLegReason.valueOf("RATED_LEG_REASON_" + rated.outcome().name()))
                    .setCustomerCharge(Money.format(rated.customerCharge()))
                    .setVendorCost(Money.format(rated.vendorCost()))
                    .setVendorBillableSeconds((int) rated.vendorBillableSeconds());
            io.ringback.rating.domain.LevelCharge customer = rated.charges().get(0);
            leg.setBillableSeconds((int) customer.billableSeconds());
            if (customer.rate() != null) {
                leg.setPrefix(customer.rate().row().prefix()).setRate(ProtoMapping.rate(customer.rate()));
            }
            leg.setCurrency(accountCurrency);
            for (io.ringback.rating.domain.LevelCharge charge : rated.charges()) {
                LevelCharge.Builder level = LevelCharge.newBuilder()
                        .setLevel(charge.level().level())
                        .setAccountId(charge.level().accountId())
                        .setBillableSeconds((int) charge.billableSeconds())
                        .setCharge(Money.format(charge.charge()))
                        .setCurrency(charge.level().currency());
                if (charge.rate() != null) {
                    level.setRateTableId(charge.rate().table().id())
                            .setPrefix(charge.rate().row().prefix())
                            .setPricePerMinute(Money.format(charge.rate().row().pricePerMinute()))
                            .setConnectFee(Money.format(charge.rate().row().connectFee()));
                }
                leg.addCharges(level);
            }
            if (rated.vendorRate() != null) {
                leg.setVendorRate(ProtoMapping.rate(rated.vendorRate()));
            }
            answer.addLegs(leg);
        }
        return answer.build();
    }

    private static Leg leg(LegToRate leg) {
        if (leg.getRole() == LegRole.LEG_ROLE_UNSPECIFIED || leg.getRole() == LegRole.UNRECOGNIZED) {
            throw invalid("leg " + leg.getLegId() + ": role is required");
        }
        if (!leg.hasStartTime()) {
            throw invalid("leg " + leg.getLegId() + ": start_time is required (it picks the rate rows valid then)");
        }
        if (leg.getDurationMs() < 0) {
            throw invalid("leg " + leg.getLegId() + ": duration_ms cannot be negative");
        }
        if (leg.getDurationMs() > Leg.MAX_DURATION_MS) {
            throw invalid("leg " + leg.getLegId() + ": duration_ms must be at most " + Leg.MAX_DURATION_MS + " (24 hours)");
        }
        Instant start = ProtoMapping.instant(leg.getStartTime());
        return new Leg(leg.getLegId(), leg.getRole() == LegRole.LEG_ROLE_A
                ? io.ringback.rating.domain.LegRole.A : io.ringback.rating.domain.LegRole.B,
                ProtoMapping.number(leg.getNumber(), "leg " + leg.getLegId() + " number"), start,
                leg.getAnswered() ? leg.getDurationMs() : 0, leg.getAnswered(), leg.getQ850Cause(),
                leg.getCostRateTableId());
    }

    private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
        T answer;
        try {
            answer = call.get();
        } catch (UnknownRateTableException e) {
            response.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            response.onError(GrpcFailures.toStatus(e));
            return;
        }
        response.onNext(answer);
        response.onCompleted();
    }
}

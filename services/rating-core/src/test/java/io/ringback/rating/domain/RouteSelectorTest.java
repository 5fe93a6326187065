package io.ringback.rating.domain;

import io.ringback.common.Failure;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.ringback.rating.domain.Decks.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RouteSelectorTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private final RouteSelector selector = new RouteSelector(new Decks()
            .with("cheap", TableKind.VENDOR, row("44", "0.030"), row("4420", "0.012"))
            .with("mid", TableKind.VENDOR, row("44", "0.020"))
            .with("mid-too", TableKind.VENDOR, row("44", "0.020"))
            .with("mid-fee", TableKind.VENDOR, row("44", "0.020", "0.01", 1, 1))
            .with("dear", TableKind.VENDOR, row("44", "0.090"))
            .with("no-uk", TableKind.VENDOR, row("52", "0.001")));

    private static final List<RouteCandidate> CANDIDATES = List.of(
            new RouteCandidate("gw-dear", "dear", 1),
            new RouteCandidate("gw-mid-b", "mid-too", 5),
            new RouteCandidate("gw-mid-fee", "mid-fee", 0),
            new RouteCandidate("gw-mid-a", "mid", 2),
            new RouteCandidate("gw-cheap", "cheap", 9),
            new RouteCandidate("gw-no-uk", "no-uk", 0));

    private static List<String> gateways(Routes routes) {
        return routes.routes().stream().map(route -> route.gateway().gatewayId()).toList();
    }

    @Test
    void cheapestFirstByTheLongestPrefixOfEachCostTableThenConnectFeeThenPriority() {
        Routes routes = selector.select("442071234567", CANDIDATES, Optional.empty(), false, 0, AT);
        assertEquals(RoutesOutcome.OK, routes.outcome());
        assertEquals(List.of("gw-cheap", "gw-mid-a", "gw-mid-b", "gw-mid-fee", "gw-dear"), gateways(routes));
        assertEquals("4420", routes.routes().get(0).cost().row().prefix());
        // elsewhere in the UK the cheap gateway's 44 row applies
        assertEquals(List.of("gw-mid-a", "gw-mid-b", "gw-mid-fee", "gw-cheap", "gw-dear"),
                gateways(selector.select("447700900123", CANDIDATES, Optional.empty(), false, 0, AT)));
    }

    private static Optional<RouteSelector.CustomerPrice> price(String perMinute) {
        return Optional.of(new RouteSelector.CustomerPrice(new BigDecimal(perMinute), "USD"));
    }

    @Test
    void theMarginGuardDropsRoutesWhoseOneMinuteCallCostsMoreThanThePriceAndSaysSo() {
        // mid-fee is 0.020/min but its 0.01 connect fee makes a one-minute call cost 0.030 > 0.025
        Routes guarded = selector.select("447700900123", CANDIDATES, price("0.025"), true, 0, AT);
        assertEquals(List.of("gw-mid-a", "gw-mid-b"), gateways(guarded));
        assertEquals(3, guarded.excludedByMarginGuard());
        Routes exact = selector.select("447700900123", CANDIDATES, price("0.030"), true, 0, AT);
        assertEquals(List.of("gw-mid-a", "gw-mid-b", "gw-mid-fee", "gw-cheap"), gateways(exact), "at cost is not a loss");
        Routes none = selector.select("447700900123", CANDIDATES, price("0.010"), true, 0, AT);
        assertEquals(RoutesOutcome.MARGIN_GUARD, none.outcome());
        assertEquals(5, none.excludedByMarginGuard());
        assertEquals(5, selector.select("447700900123", CANDIDATES, price("0.010"), false, 0, AT).routes().size());
    }

    @Test
    void aConnectFeeAndTheFirstIncrementCountInTheOrderAndTheGuard() {
        RouteSelector selector = new RouteSelector(new Decks()
                .with("fee", TableKind.VENDOR, row("44", "0.020", "0.05", 60, 60))
                .with("flat", TableKind.VENDOR, row("44", "0.030"))
                .with("long-first", TableKind.VENDOR, row("44", "0.025", "0", 120, 60)));
        List<RouteCandidate> candidates = List.of(new RouteCandidate("gw-fee", "fee", 0),
                new RouteCandidate("gw-flat", "flat", 5), new RouteCandidate("gw-long-first", "long-first", 0));
        // one minute costs: fee 0.070, flat 0.030, long-first 0.050 (a 60 s call bills its 120 s first increment)
        Routes routes = selector.select("447700900123", candidates, Optional.empty(), false, 0, AT);
        assertEquals(List.of("gw-flat", "gw-long-first", "gw-fee"), gateways(routes));
        assertEquals(new BigDecimal("0.070000"), RouteSelector.referenceCost(routes.routes().get(2)));
        Routes guarded = selector.select("447700900123", candidates, price("0.025"), true, 0, AT);
        assertEquals(RoutesOutcome.MARGIN_GUARD, guarded.outcome());
        assertEquals(3, guarded.excludedByMarginGuard());
    }

    @Test
    void theGuardRefusesToCompareACostInAnotherCurrencyThanThePrice() {
        RouteSelector selector = new RouteSelector(new Decks()
                .with("usd", TableKind.VENDOR, row("44", "0.020"))
                .with("eur", TableKind.VENDOR, "EUR", row("44", "0.010")));
        List<RouteCandidate> candidates = List.of(new RouteCandidate("gw-usd", "usd", 0), new RouteCandidate("gw-eur", "eur", 0));
        assertEquals("cost table eur of gateway gw-eur is in EUR but the customer's price is in USD: the margin guard "
                        + "cannot compare them",
                assertThrows(Failure.class,
                        () -> selector.select("447700900123", candidates, price("0.025"), true, 0, AT)).getMessage());
        assertThrows(Failure.class, () -> selector.select("447700900123", candidates,
                Optional.of(new RouteSelector.CustomerPrice(new BigDecimal("0.025"), "")), true, 0, AT),
                "without a named currency the cost tables must agree on one");
    }

    @Test
    void atMostMaxRoutesAndNoRouteWhenNoCostTableHasARate() {
        assertEquals(List.of("gw-cheap", "gw-mid-a"),
                gateways(selector.select("442071234567", CANDIDATES, Optional.empty(), false, 2, AT)));
        Routes none = selector.select("33123456789", CANDIDATES, Optional.empty(), true, 0, AT);
        assertEquals(RoutesOutcome.NO_ROUTE, none.outcome());
        assertEquals(List.of(), none.routes());
        assertThrows(UnknownRateTableException.class, () -> selector.select("44", List.of(
                new RouteCandidate("gw", "missing", 0)), Optional.empty(), false, 0, AT));
    }
}

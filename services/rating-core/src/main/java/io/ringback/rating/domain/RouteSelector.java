package io.ringback.rating.domain;

import io.ringback.common.Failure;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Least cost routing: of the candidate gateways, those whose cost table has a rate for the
 * destination, cheapest first, then the configured priority (lower first), then the gateway id so
 * the order is always the same.
 *
 * <p>"Cheapest" and the margin guard compare what a <em>reference call</em> costs: an answered
 * call of {@value #REFERENCE_CALL_MS} ms (one minute), priced by {@link Pricing} with the row's
 * connect fee, first and next increments and minimum charge. A per-minute comparison alone would
 * pass a vendor at 0.020/min with a 0.05 connect fee against a 0.025/min price although a
 * one-minute call through it costs 0.070.
 */
public final class RouteSelector {

    /** The duration of the reference call routes are compared on: one minute. */
    public static final long REFERENCE_CALL_MS = 60_000;

    private static final Comparator<Route> CHEAPEST_FIRST = Comparator
            .comparing(RouteSelector::referenceCost)
            .thenComparingInt(route -> route.gateway().priority())
            .thenComparing(route -> route.gateway().gatewayId());

    private final RateDecks decks;

    public RouteSelector(RateDecks decks) {
        this.decks = decks;
    }

    /** What the reference call costs through the route. */
    public static BigDecimal referenceCost(Route route) {
        return route.cost().price(REFERENCE_CALL_MS).charge();
    }

    /**
     * @param customerPrice the customer's price per minute and its currency, for the margin guard;
     *                      empty = no guard. The reference call at that price costs the price itself.
     * @param neverAtALoss  drop routes whose reference call costs more than the customer pays for it
     * @param maxRoutes     at most this many routes; 0 = all
     * @throws UnknownRateTableException when a candidate names a table that does not exist
     * @throws IllegalArgumentException  when the guard applies and a matching cost table is in another
     *                                   currency than the customer's price
     */
    public Routes select(String destination, List<RouteCandidate> candidates, Optional<CustomerPrice> customerPrice,
                         boolean neverAtALoss, int maxRoutes, Instant at) {
        RateDecks snapshot = DeckSnapshot.of(decks);
        List<Route> found = new ArrayList<>();
        for (RouteCandidate candidate : candidates) {
            snapshot.require(candidate.costTableId()).lookup(destination, at)
                    .ifPresent(rate -> found.add(new Route(candidate, rate)));
        }
        int excluded = 0;
        if (neverAtALoss && customerPrice.isPresent()) {
            CustomerPrice price = customerPrice.get();
            String currency = price.currency().isEmpty() && !found.isEmpty()
                    ? found.get(0).cost().table().currency() : price.currency();
            for (Route route : found) {
                if (!route.cost().table().currency().equals(currency)) {
                    throw Failure.invalid("invalid-rating-request", "Invalid rating request", "cost table " + route.cost().table().id() + " of gateway "
                            + route.gateway().gatewayId() + " is in " + route.cost().table().currency()
                            + " but the customer's price is in " + (price.currency().isEmpty()
                            ? "one currency with every other cost table (the request names none), here " : "")
                            + currency + ": the margin guard cannot compare them");
                }
            }
            int before = found.size();
            found.removeIf(route -> referenceCost(route).compareTo(price.perMinute()) > 0);
            excluded = before - found.size();
        }
        found.sort(CHEAPEST_FIRST);
        List<Route> routes = maxRoutes > 0 && found.size() > maxRoutes ? found.subList(0, maxRoutes) : found;
        RoutesOutcome outcome = !routes.isEmpty() ? RoutesOutcome.OK
                : excluded > 0 ? RoutesOutcome.MARGIN_GUARD : RoutesOutcome.NO_ROUTE;
        return new Routes(List.copyOf(routes), outcome, excluded);
    }

    /**
     * The customer's price for the margin guard.
     *
     * @param perMinute price per minute, scale 6
     * @param currency  ISO 4217 code; a cost table in another currency cannot be compared. Empty when
     *                  the caller cannot say (the gRPC request has no field for it yet): then every
     *                  matching cost table must be in one currency, else the guard refuses to compare
     */
    public record CustomerPrice(BigDecimal perMinute, String currency) {

        public CustomerPrice {
            Objects.requireNonNull(perMinute, "perMinute");
            currency = currency == null ? "" : currency;
        }
    }
}

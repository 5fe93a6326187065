package io.ringback.rating.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Least cost routing: of the candidate gateways, those whose cost table has a rate for the
 * destination, cheapest per minute first, then the lower connect fee, then the configured
 * priority (lower first), then the gateway id so the order is always the same.
 */
public final class RouteSelector {

    private static final Comparator<Route> CHEAPEST_FIRST = Comparator
            .comparing((Route route) -> route.cost().row().pricePerMinute())
            .thenComparing(route -> route.cost().row().connectFee())
            .thenComparingInt(route -> route.gateway().priority())
            .thenComparing(route -> route.gateway().gatewayId());

    private final RateDecks decks;

    public RouteSelector(RateDecks decks) {
        this.decks = decks;
    }

    /**
     * @param customerPricePerMinute the customer's price, for the margin guard; empty = no guard
     * @param neverAtALoss           drop routes whose cost per minute exceeds the customer's price
     * @param maxRoutes              at most this many routes; 0 = all
     * @throws UnknownRateTableException when a candidate names a table that does not exist
     */
    public Routes select(String destination, List<RouteCandidate> candidates, Optional<BigDecimal> customerPricePerMinute,
                         boolean neverAtALoss, int maxRoutes, Instant at) {
        List<Route> found = new ArrayList<>();
        for (RouteCandidate candidate : candidates) {
            decks.require(candidate.costTableId()).lookup(destination, at)
                    .ifPresent(rate -> found.add(new Route(candidate, rate)));
        }
        int excluded = 0;
        if (neverAtALoss && customerPricePerMinute.isPresent()) {
            BigDecimal price = customerPricePerMinute.get();
            int before = found.size();
            found.removeIf(route -> route.cost().row().pricePerMinute().compareTo(price) > 0);
            excluded = before - found.size();
        }
        found.sort(CHEAPEST_FIRST);
        List<Route> routes = maxRoutes > 0 && found.size() > maxRoutes ? found.subList(0, maxRoutes) : found;
        RoutesOutcome outcome = !routes.isEmpty() ? RoutesOutcome.OK
                : excluded > 0 ? RoutesOutcome.MARGIN_GUARD : RoutesOutcome.NO_ROUTE;
        return new Routes(List.copyOf(routes), outcome, excluded);
    }
}

package io.ringback.rating.domain;

import java.util.List;

/** The routes to try, in order, and how many the margin guard removed. */
public record Routes(List<Route> routes, RoutesOutcome outcome, int excludedByMarginGuard) {
}

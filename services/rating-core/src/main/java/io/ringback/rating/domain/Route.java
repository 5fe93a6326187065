package io.ringback.rating.domain;

/** A gateway that has a rate for the destination, with that rate. */
public record Route(RouteCandidate gateway, MatchedRate cost) {
}

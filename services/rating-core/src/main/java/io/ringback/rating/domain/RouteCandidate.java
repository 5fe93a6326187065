package io.ringback.rating.domain;

/**
 * A destination gateway that may carry a call, as its owner (signaling) sees it: enabled, with free capacity.
 *
 * @param priority breaks ties of equal cost; lower is preferred
 */
public record RouteCandidate(String gatewayId, String costTableId, int priority) {
}

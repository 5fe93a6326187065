package io.ringback.rating.domain;

/** A rejected line of a CSV rate deck: its number (from 1, the header is line 1) and why. */
public record RowError(long line, String reason) {
}

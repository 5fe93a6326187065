package io.ringback.media.rtp;

/**
 * An RTCP reception report block (RFC 3550 §6.4.1).
 *
 * @param ssrc             the source reported on
 * @param fractionLost     lost since the last report, in 1/256
 * @param cumulativeLost   packets lost since the start (24-bit signed)
 * @param extendedHighest  cycles and highest sequence number received
 * @param jitter           interarrival jitter, in timestamp units
 * @param lastSr           middle 32 bits of the last SR's NTP timestamp, 0 if none
 * @param delaySinceLastSr in 1/65536 s, 0 if none
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighest, long jitter,
                          long lastSr, long delaySinceLastSr) {
}

package io.ringback.media.sdp;

import io.ringback.media.codec.Law;

/**
 * What offer/answer settled for an endpoint.
 *
 * @param law                         the G.711 law both sides send
 * @param telephoneEventPayloadType   the RFC 4733 payload type, 0 when the far end has none
 * @param remoteAddress               where the far end wants RTP (before symmetric-RTP latching)
 * @param remotePort                  its RTP port
 */
public record NegotiatedMedia(Law law, int telephoneEventPayloadType, String remoteAddress, int remotePort) {
}

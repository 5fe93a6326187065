package io.ringback.media.sdp;

import io.ringback.media.codec.Law;

/**
 * What offer/answer settled for an endpoint.
 *
 * @param law                         the G.711 law both sides send
 * @param telephoneEventPayloadType   the RFC 4733 payload type, 0 when the far end has none
 * @param remoteAddress               where the far end wants RTP (before symmetric-RTP latching)
 * @param remotePort                  its RTP port
 * @param direction                   ours: sendrecv, sendonly, recvonly or inactive (the mirror of the far end's)
 */
public record NegotiatedMedia(Law law, int telephoneEventPayloadType, String remoteAddress, int remotePort,
                              String direction) {

    /** Whether we may send RTP (not when we answered recvonly or inactive, e.g. the far end holds the call). */
    public boolean weSend() {
        return direction.equals("sendrecv") || direction.equals("sendonly");
    }

    /** Whether the far end sends RTP to us (not while it is on hold: we are sendonly or inactive). */
    public boolean peerSends() {
        return direction.equals("sendrecv") || direction.equals("recvonly");
    }
}

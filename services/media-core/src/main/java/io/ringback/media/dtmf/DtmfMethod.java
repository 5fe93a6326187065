package io.ringback.media.dtmf;

/** How a digit reached the media service. */
public enum DtmfMethod {
    /** RTP telephone-event (RFC 4733). */
    RFC4733,
    /** In-band tones (Goertzel). */
    INBAND,
    /** SIP INFO, fed by signaling. */
    SIP_INFO
}

package io.ringback.signaling.adapter.sip;

import io.ringback.signaling.core.sip.DigestCredentials;
import io.ringback.signaling.core.sip.TrunkNumbering;

/**
 * Where a leg we originate goes: a gateway as the SIP side needs it.
 *
 * @param host        the peer's host name or address
 * @param port        its port
 * @param transport   {@code udp} or {@code tcp}
 * @param numbering   how it wants the called number written
 * @param credentials what we answer its digest challenge with; null when the gateway has none
 */
public record Trunk(String host, int port, String transport, TrunkNumbering numbering, DigestCredentials credentials) {
}

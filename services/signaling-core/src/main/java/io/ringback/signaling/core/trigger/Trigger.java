package io.ringback.signaling.core.trigger;

import java.util.List;

/**
 * An INVITE to a DID, as the trigger rules see it.
 *
 * @param didUser             the Request-URI user part (the dialed access number, as the provider writes it)
 * @param sourceAddress       the IP address the request came from (the transport's peer, not a header)
 * @param assertedIdentities  the user parts of the P-Asserted-Identity values, in order
 * @param fromUser            the From URI's user part; null when it has none
 * @param callId              the SIP Call-ID
 */
public record Trigger(String didUser, String sourceAddress, List<String> assertedIdentities, String fromUser,
                      String callId) {

    public Trigger {
        assertedIdentities = List.copyOf(assertedIdentities);
    }
}

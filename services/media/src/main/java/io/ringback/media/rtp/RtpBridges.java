package io.ringback.media.rtp;

import io.ringback.common.Failure;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The bridges between endpoints: each relays both ways, each endpoint in at most one; A is the user's leg. */
public final class RtpBridges {

    private record Pair(RtpEndpoint a, RtpEndpoint b) {
    }

    private final Map<String, Pair> bridges = new ConcurrentHashMap<>();

    public synchronized String bridge(RtpEndpoint a, RtpEndpoint b) {
        if (a.bridgeId() != null || b.bridgeId() != null) {
            throw Failure.conflict("already-bridged", "Already bridged", "endpoint " + (a.bridgeId() != null ? a.id() : b.id())
                    + " is already bridged; unbridge it first");
        }
        String id = UUID.randomUUID().toString();
        a.bridgeTo(b, id, true);
        try {
            b.bridgeTo(a, id, false);
        } catch (IllegalStateException e) {
            a.unbridge();
            throw e;
        }
        bridges.put(id, new Pair(a, b));
        return id;
    }

    public synchronized boolean unbridge(String bridgeId) {
        Pair pair = bridgeId == null ? null : bridges.remove(bridgeId);
        if (pair == null) {
            return false;
        }
        pair.a().unbridge();
        pair.b().unbridge();
        return true;
    }

    /** Drops the bridge of an endpoint being closed. */
    public synchronized void forget(RtpEndpoint endpoint) {
        String id = endpoint.bridgeId();
        if (id != null) {
            unbridge(id);
        }
    }
}

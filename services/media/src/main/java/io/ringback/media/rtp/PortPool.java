package io.ringback.media.rtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;

/**
 * Even UDP ports of the configured range (RFC 3550 §11: RTP on an even port, RTCP on the odd one
 * above). Allocation walks round-robin from the last port given out, so a port just released is
 * not handed out again at once (late packets of the old call would reach the new one), and skips
 * ports another process holds. Exhaustion is an immediate error, never a wait.
 */
public final class PortPool {

    private final String address;
    private final int first;
    private final int slots;
    private final BitSet used;
    private int cursor;

    public PortPool(String address, int portMin, int portMax) {
        int even = portMin + (portMin & 1);
        if (even + 1 > portMax) {
            throw new IllegalArgumentException("RTP port range " + portMin + "-" + portMax
                    + " has no even port with its odd RTCP port above it");
        }
        this.address = address;
        this.first = even;
        // The last pair's RTCP port (even + 1) must be inside the range too, also when portMax is even.
        this.slots = (portMax - 1 - even) / 2 + 1;
        this.used = new BitSet(slots);
    }

    /** The two sockets of an endpoint: RTP on the even port, RTCP on the odd one above. */
    public record Sockets(DatagramChannel rtp, DatagramChannel rtcp, int port) {
    }

    /** Binds non-blocking channels on the next free port pair. */
    public synchronized Sockets allocate() throws PortsExhaustedException, IOException {
        for (int tried = 0; tried < slots; tried++) {
            int slot = cursor;
            cursor = (cursor + 1) % slots;
            if (used.get(slot)) {
                continue;
            }
            int port = first + 2 * slot;
            DatagramChannel rtp = DatagramChannel.open();
            DatagramChannel rtcp = DatagramChannel.open();
            try {
                rtp.bind(new InetSocketAddress(address, port));
                rtcp.bind(new InetSocketAddress(address, port + 1));
                rtp.configureBlocking(false);
                rtcp.configureBlocking(false);
                used.set(slot);
                return new Sockets(rtp, rtcp, port);
            } catch (IOException inUseElsewhere) {
                rtp.close();
                rtcp.close();
            }
        }
        throw new PortsExhaustedException("no free RTP port in " + first + "-" + (first + 2 * (slots - 1))
                + ": " + used.cardinality() + " of " + slots + " in use by endpoints, the rest held by other processes");
    }

    public synchronized void release(int port) {
        int slot = (port - first) / 2;
        if (slot >= 0 && slot < slots) {
            used.clear(slot);
        }
    }

    public synchronized int inUse() {
        return used.cardinality();
    }
}

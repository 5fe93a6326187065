package io.ringback.media.rtp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PortPoolTest {

    @Test
    void handsOutEvenPortPairsRoundRobinSkipsPortsHeldElsewhereAndFailsAtOnceWhenFull() throws Exception {
        int base = 43000 + 2 * (int) (Math.random() * 500);
        // Another process holds the RTCP port of the second pair: that pair is skipped.
        try (DatagramChannel squatter = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", base + 3))) {
            PortPool pool = new PortPool("127.0.0.1", base - 1, base + 5); // even ports base, base+2, base+4
            List<PortPool.Sockets> taken = new ArrayList<>();
            taken.add(pool.allocate());
            taken.add(pool.allocate());
            assertEquals(List.of(base, base + 4), taken.stream().map(PortPool.Sockets::port).toList());
            assertEquals(base + 1, ((InetSocketAddress) taken.get(0).rtcp().getLocalAddress()).getPort());
            PortsExhaustedException full = assertThrows(PortsExhaustedException.class, pool::allocate);
            assertEquals("no free RTP port in " + base + "-" + (base + 4)
                    + ": 2 of 3 in use by endpoints, the rest held by other processes", full.getMessage());
            assertEquals(2, pool.inUse());

            close(taken.get(0));
            pool.release(taken.get(0).port());
            assertEquals(base, pool.allocate().port());
            assertEquals(2, pool.inUse());
            close(taken.get(1));
        }
    }

    @Test
    void anEvenUpperBoundKeepsEveryRtcpPortInsideTheRange() throws Exception {
        int base = 44000 + 2 * (int) (Math.random() * 500);
        PortPool pool = new PortPool("127.0.0.1", base, base + 4); // pairs base and base+2; base+5 is outside
        List<PortPool.Sockets> taken = new ArrayList<>();
        taken.add(pool.allocate());
        taken.add(pool.allocate());
        assertEquals(List.of(base, base + 2), taken.stream().map(PortPool.Sockets::port).toList());
        PortsExhaustedException full = assertThrows(PortsExhaustedException.class, pool::allocate);
        assertEquals("no free RTP port in " + base + "-" + (base + 2)
                + ": 2 of 2 in use by endpoints, the rest held by other processes", full.getMessage());
        for (PortPool.Sockets sockets : taken) {
            close(sockets);
        }
    }

    @Test
    void aRangeWithoutAnEvenPortAndItsRtcpPortIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new PortPool("127.0.0.1", 41001, 41001));
        assertThrows(IllegalArgumentException.class, () -> new PortPool("127.0.0.1", 41002, 41002));
    }

    private static void close(PortPool.Sockets sockets) throws IOException {
        sockets.rtp().close();
        sockets.rtcp().close();
    }
}

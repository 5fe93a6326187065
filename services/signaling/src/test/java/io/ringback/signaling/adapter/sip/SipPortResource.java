package io.ringback.signaling.adapter.sip;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * SIP for the test application on loopback, on a port free for both UDP and TCP, so tests running
 * beside another signaling (a colleague's, the local run's 5080) never collide.
 */
public class SipPortResource implements QuarkusTestResourceLifecycleManager {

    static final String HOST = "127.0.0.1";

    @Override
    public Map<String, String> start() {
        return Map.of("ringback.signaling.sip.bind-address", HOST,
                "ringback.signaling.sip.port", String.valueOf(freePort()));
    }

    @Override
    public void stop() {
        // Nothing held: the application closes the sockets when it stops.
    }

    private static int freePort() {
        try {
            InetAddress loopback = InetAddress.getByName(HOST);
            for (int attempt = 0; attempt < 20; attempt++) {
                try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                    int port = tcp.getLocalPort();
                    try (DatagramSocket udp = new DatagramSocket(port, loopback)) {
                        return port;
                    } catch (IOException taken) {
                        // UDP side taken: try another.
                    }
                }
            }
            throw new IllegalStateException("no port free for both UDP and TCP on " + HOST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

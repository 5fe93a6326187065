package io.ringback.signaling.adapter.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for the SIPp peers of the tests: in this engineer's range, 15000 to 15499. */
final class SippPorts {

    private static final int FIRST_PORT = 15_000;
    private static final int PORTS = 500;

    private SippPorts() {
    }

    /** A port free on {@code host} for UDP and TCP, with {@code count - 1} free UDP ports after it. */
    static int freePort(String host, int count) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = FIRST_PORT + ThreadLocalRandom.current().nextInt(PORTS - count);
            if (free(address, candidate, count)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port in " + FIRST_PORT + "-" + (FIRST_PORT + PORTS - 1) + " on " + host);
    }

    /** Whether {@code port} is free for UDP on {@code host} (SIPp has not bound it yet, or has let it go). */
    static boolean udpFree(String host, int port) throws IOException {
        try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getByName(host))) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static boolean free(InetAddress address, int first, int count) {
        try (ServerSocket tcp = new ServerSocket(first, 1, address)) {
            for (int port = first; port < first + count; port++) {
                new DatagramSocket(port, address).close();
            }
            return tcp.getLocalPort() == first;
        } catch (IOException taken) {
            return false;
        }
    }
}

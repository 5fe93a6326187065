package io.ringback.media.rtp;

import io.ringback.media.app.EndpointEvent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The two dedicated RTP threads (never a Vert.x event loop): {@code rtp-receive} reads every
 * endpoint's socket through one selector and relays bridged packets at once (no added buffering),
 * and {@code rtp-pacer} wakes every 20 ms on an absolute schedule (no drift) to send prompt frames,
 * fire collect timers and check inactivity.
 */
public final class RtpEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RtpEngine.class.getName());
    static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Clock clock;
    private final Consumer<RtpEndpoint> timedOut;
    private final Selector selector;
    private final Queue<RtpEndpoint> toRegister = new ConcurrentLinkedQueue<>();
    private final Map<String, RtpEndpoint> endpoints = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private final Thread receiver;
    private final Thread pacer;
    private volatile boolean running = true;

    /**
     * @param timedOut called on the pacing thread for an endpoint whose inactivity timeout expired
     */
    public RtpEngine(Clock clock, Consumer<RtpEndpoint> timedOut) throws IOException {
        this.clock = clock;
        this.timedOut = timedOut;
        this.selector = Selector.open();
        this.receiver = new Thread(this::receiveLoop, "rtp-receive");
        this.pacer = new Thread(this::paceLoop, "rtp-pacer");
        receiver.setDaemon(true);
        pacer.setDaemon(true);
        receiver.setPriority(Thread.MAX_PRIORITY);
        pacer.setPriority(Thread.MAX_PRIORITY);
        receiver.start();
        pacer.start();
    }

    /** The 8 kHz sample clock RTP timestamps advance by. */
    long nowSample() {
        return (System.nanoTime() - startNanos) / 125_000;
    }

    public void add(RtpEndpoint endpoint) {
        endpoints.put(endpoint.id(), endpoint);
        toRegister.add(endpoint);
        selector.wakeup();
    }

    public RtpEndpoint get(String id) {
        return endpoints.get(id);
    }

    /** Removes and closes an endpoint; false when it was not there. */
    public boolean remove(String id, EndpointEvent.CloseReason reason) {
        RtpEndpoint endpoint = endpoints.remove(id);
        if (endpoint == null) {
            return false;
        }
        endpoint.close(reason);
        selector.wakeup();
        return true;
    }

    public int size() {
        return endpoints.size();
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        byte[] data = buffer.array();
        while (running) {
            try {
                RtpEndpoint added;
                while ((added = toRegister.poll()) != null) {
                    try {
                        added.channel().register(selector, SelectionKey.OP_READ, added);
                    } catch (ClosedChannelException destroyedMeanwhile) {
                        continue;
                    }
                }
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    RtpEndpoint endpoint = (RtpEndpoint) key.attachment();
                    if (!key.isValid()) {
                        continue;
                    }
                    DatagramChannel channel = endpoint.channel();
                    for (int i = 0; i < 64; i++) {
                        buffer.clear();
                        SocketAddress from;
                        try {
                            from = channel.receive(buffer);
                        } catch (IOException closedOrUnreachable) {
                            break;
                        }
                        if (from == null) {
                            break;
                        }
                        endpoint.onDatagram(data, buffer.position(), (InetSocketAddress) from, nowSample());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // A failure on one packet must not stop every call's media.
                LOG.log(Level.WARNING, "RTP receive loop error", e);
            }
        }
    }

    private void paceLoop() {
        long next = System.nanoTime();
        while (running) {
            next += FRAME_NANOS;
            long wait;
            while ((wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long lag = System.nanoTime() - next;
            if (lag > 10 * FRAME_NANOS) {
                // Suspended (GC, stopped VM): resynchronise instead of bursting the backlog.
                next = System.nanoTime();
            }
            java.time.Instant now = clock.instant();
            long sample = nowSample();
            for (RtpEndpoint endpoint : endpoints.values()) {
                try {
                    if (endpoint.tick(now, sample)) {
                        timedOut.accept(endpoint);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "RTP pacing error on endpoint " + endpoint.id(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        for (String id : endpoints.keySet()) {
            remove(id, EndpointEvent.CloseReason.ERROR);
        }
        selector.wakeup();
        try {
            receiver.join(1000);
            pacer.join(1000);
            selector.close();
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

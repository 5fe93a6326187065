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
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The dedicated RTP threads (never a Vert.x event loop): {@code rtp-receive-N} (one per core) read
 * their share of the endpoints' sockets through a selector each and relay bridged packets at once
 * (no added buffering),
 * and {@code rtp-pacer} wakes every 20 ms on an absolute schedule (no drift) to send prompt frames,
 * fire collect timers and check inactivity.
 */
public final class RtpEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RtpEngine.class.getName());
    static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Clock clock;
    private final BiConsumer<RtpEndpoint, EndpointEvent.CloseReason> expired;
    private final Receiver[] receivers;
    private final Map<String, RtpEndpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Receiver> receiverOf = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private final Thread pacer;
    private volatile boolean running = true;
    private int nextReceiver;
    private final long rtcpFrames;
    private long frame;

    /** One receive thread with its selector; endpoints are spread over the receivers. */
    private final class Receiver {
        final Selector selector;
        final Queue<RtpEndpoint> toRegister = new ConcurrentLinkedQueue<>();
        final Queue<Runnable> afterSelect = new ConcurrentLinkedQueue<>();
        final Thread thread;

        Receiver(int index) throws IOException {
            selector = Selector.open();
            thread = new Thread(() -> receiveLoop(this), "rtp-receive-" + index);
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY);
        }
    }

    /**
     * @param expired called on the pacing thread for an endpoint that must close: its inactivity
     *                timeout, its session's lease or its maximum lifetime expired (the reason)
     */
    public RtpEngine(Clock clock, BiConsumer<RtpEndpoint, EndpointEvent.CloseReason> expired) throws IOException {
        this(clock, expired, Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(5));
    }

    /**
     * @param receiveThreads how many receive threads share the endpoints (one per core relays the
     *                       most packets without contention)
     * @param rtcpInterval   how often each endpoint sends an RTCP report
     */
    public RtpEngine(Clock clock, BiConsumer<RtpEndpoint, EndpointEvent.CloseReason> expired, int receiveThreads,
                     Duration rtcpInterval)
            throws IOException {
        this.clock = clock;
        this.rtcpFrames = Math.max(1, rtcpInterval.toMillis() / 20);
        this.expired = expired;
        this.receivers = new Receiver[Math.max(1, receiveThreads)];
        for (int i = 0; i < receivers.length; i++) {
            receivers[i] = new Receiver(i);
        }
        this.pacer = new Thread(this::paceLoop, "rtp-pacer");
        pacer.setDaemon(true);
        pacer.setPriority(Thread.MAX_PRIORITY);
        for (Receiver receiver : receivers) {
            receiver.thread.start();
        }
        pacer.start();
    }

    /** The 8 kHz sample clock RTP timestamps advance by. */
    long nowSample() {
        return (System.nanoTime() - startNanos) / 125_000;
    }

    public void add(RtpEndpoint endpoint) {
        Receiver receiver;
        synchronized (receivers) {
            receiver = receivers[nextReceiver];
            nextReceiver = (nextReceiver + 1) % receivers.length;
        }
        endpoints.put(endpoint.id(), endpoint);
        receiverOf.put(endpoint.id(), receiver);
        receiver.toRegister.add(endpoint);
        receiver.selector.wakeup();
    }

    public RtpEndpoint get(String id) {
        return endpoints.get(id);
    }

    /**
     * Removes and closes an endpoint; false when it was not there.
     *
     * @param released run once its sockets are really closed: a channel registered with a selector
     *                 keeps its port until the selector has deregistered it, so the port may only be
     *                 handed out again after that
     */
    public boolean remove(String id, EndpointEvent.CloseReason reason, Runnable released) {
        RtpEndpoint endpoint = endpoints.remove(id);
        if (endpoint == null) {
            return false;
        }
        endpoint.close(reason);
        Receiver receiver = receiverOf.remove(id);
        if (receiver != null) {
            receiver.afterSelect.add(released);
            receiver.selector.wakeup();
        } else {
            released.run();
        }
        return true;
    }

    public int size() {
        return endpoints.size();
    }

    private void receiveLoop(Receiver receiver) {
        Selector selector = receiver.selector;
        Queue<RtpEndpoint> toRegister = receiver.toRegister;
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        byte[] data = buffer.array();
        while (running) {
            try {
                RtpEndpoint added;
                while ((added = toRegister.poll()) != null) {
                    try {
                        added.channel().register(selector, SelectionKey.OP_READ, added);
                        added.rtcpChannel().register(selector, SelectionKey.OP_READ, added.rtcp());
                    } catch (ClosedChannelException destroyedMeanwhile) {
                        continue;
                    }
                }
                selector.select(100);
                // select() has deregistered the keys cancelled before it returned: their sockets are
                // closed now, and their ports free.
                Runnable released;
                while ((released = receiver.afterSelect.poll()) != null) {
                    released.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    // Drain what queued while the thread was busy (bounded, so one flooded socket cannot
                    // starve the others): under load a socket left with a backlog would keep that
                    // call's delay high for good. The extra empty read only costs when load is low.
                    for (int i = 0; i < 16; i++) {
                        buffer.clear();
                        SocketAddress from;
                        try {
                            from = ((DatagramChannel) key.channel()).receive(buffer);
                        } catch (IOException closedOrUnreachable) {
                            break;
                        }
                        if (from == null) {
                            break;
                        }
                        if (key.attachment() instanceof RtpEndpoint endpoint) {
                            endpoint.onDatagram(data, buffer.position(), (InetSocketAddress) from, nowSample());
                        } else {
                            ((RtpEndpoint.Rtcp) key.attachment()).onDatagram(data, buffer.position(), (InetSocketAddress) from);
                        }
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
            Instant now = clock.instant();
            long sample = nowSample();
            frame++;
            for (RtpEndpoint endpoint : endpoints.values()) {
                try {
                    // Reports are spread over the interval by endpoint, not sent all at once.
                    if ((frame + (endpoint.id().hashCode() & 0x7FFF_FFFF)) % rtcpFrames == 0) {
                        endpoint.sendRtcp(now, sample);
                    }
                    EndpointEvent.CloseReason reason = endpoint.tick(now, sample);
                    if (reason != null) {
                        expired.accept(endpoint, reason);
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
            remove(id, EndpointEvent.CloseReason.ERROR, () -> { });
        }
        try {
            pacer.join(1000);
            for (Receiver receiver : receivers) {
                receiver.selector.wakeup();
                receiver.thread.join(1000);
                receiver.selector.close();
            }
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.ringback.media.bench;

import io.ringback.media.app.EndpointEvent;
import io.ringback.media.codec.G711;
import io.ringback.media.codec.Law;
import io.ringback.media.rtp.PortPool;
import io.ringback.media.rtp.RtpBridges;
import io.ringback.media.rtp.RtpEndpoint;
import io.ringback.media.rtp.RtpEngine;
import io.ringback.media.rtp.RtpPacket;
import io.ringback.media.rtp.RtpParseResult;
import io.ringback.media.sdp.NegotiatedMedia;
import io.ringback.media.wav.G711Wav;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Load on the real RTP engine over loopback, without Quarkus or a database: (1) bridged calls,
 * each of two phones sending 20 ms PCMU packets stamped with their send time, relayed by the
 * engine (with DTMF detection on every leg) to the other phone; (2) IVR sessions playing music on
 * hold to phones. Prints relay delay, added jitter and loss, and the prompt pacing.
 *
 * <pre>./mvnw -B -ntp -q -pl services/media -Pbench test-compile exec:java -Dbench.calls=500 -Dbench.ivr=500 -Dbench.seconds=20</pre>
 */
public final class MediaBench {

    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    public static void main(String[] args) throws Exception {
        int calls = Integer.getInteger("bench.calls", 500);
        int ivr = Integer.getInteger("bench.ivr", 500);
        int seconds = Integer.getInteger("bench.seconds", 20);
        System.out.printf("cores=%d java=%s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        if (calls > 0) {
            bridged(calls, seconds);
        }
        if (ivr > 0) {
            prompts(ivr, seconds);
        }
        System.exit(0);
    }

    private static RtpEndpoint endpoint(String id, PortPool pool, DatagramChannel phone) throws Exception {
        RtpEndpoint endpoint = new RtpEndpoint(id, pool.allocate(), Clock.systemUTC(),
                Duration.ofMinutes(10), (EndpointEvent.Payload payload) -> { }, new LongAdder());
        endpoint.negotiated(new NegotiatedMedia(Law.PCMU, 101, "127.0.0.1",
                ((InetSocketAddress) phone.getLocalAddress()).getPort(), "sendrecv"));
        return endpoint;
    }

    private static DatagramChannel phone() throws Exception {
        DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        channel.configureBlocking(false);
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
        return channel;
    }

    private static void bridged(int calls, int seconds) throws Exception {
        PortPool pool = new PortPool("127.0.0.1", 30000, 39999);
        RtpBridges bridges = new RtpBridges();
        try (RtpEngine engine = new RtpEngine(Clock.systemUTC(), (expired, reason) -> { })) {
            int phones = calls * 2;
            DatagramChannel[] phone = new DatagramChannel[phones];
            InetSocketAddress[] target = new InetSocketAddress[phones];
            for (int c = 0; c < calls; c++) {
                RtpEndpoint[] pair = new RtpEndpoint[2];
                for (int side = 0; side < 2; side++) {
                    int i = 2 * c + side;
                    phone[i] = phone();
                    pair[side] = endpoint("call" + c + "-" + side, pool, phone[i]);
                    engine.add(pair[side]);
                    target[i] = new InetSocketAddress("127.0.0.1", pair[side].localPort());
                }
                bridges.bridge(pair[0], pair[1]);
            }
            Stats stats = new Stats(phones);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread receiver = receiver(phone, stats, running);
            short[] voice = new short[160];
            for (int i = 0; i < voice.length; i++) {
                voice[i] = (short) (3000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
            }
            byte[] frame = G711.encode(Law.PCMU, voice);
            long warmup = 2;
            long cpuBefore = engineCpuNanos();
            long sent = send(phone, target, frame, seconds + warmup, stats);
            long cpu = engineCpuNanos() - cpuBefore;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            running.set(false);
            receiver.join();
            System.out.printf("bridged calls=%d endpoints=%d seconds=%d packets sent=%d received=%d lost=%d (%.4f%%)%n",
                    calls, phones, seconds, stats.counted, stats.received, stats.counted - stats.received,
                    100.0 * (stats.counted - stats.received) / Math.max(1, stats.counted));
            System.out.printf("relay delay p50=%.3f ms p99=%.3f ms p99.9=%.3f ms max=%.3f ms%n",
                    stats.delay.percentile(50), stats.delay.percentile(99), stats.delay.percentile(99.9), stats.delay.max());
            System.out.printf("added jitter (delay above the stream's minimum) p50=%.3f ms p99=%.3f ms max=%.3f ms%n",
                    stats.jitter.percentile(50), stats.jitter.percentile(99), stats.jitter.max());
            System.out.printf("(all packets sent including %d s warm-up: %d)%n", warmup, sent);
            System.out.printf("engine CPU (rtp-receive-* and rtp-pacer threads): %.1f us per relayed packet, %.0f%% of one core; "
                    + "load average at end %.2f%n", cpu / 1000.0 / sent, 100.0 * cpu / ((seconds + warmup) * 1e9),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** CPU time of the engine's threads so far. */
    private static long engineCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (info.getThreadName().startsWith("rtp-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /**
     * Sends one packet per phone every 20 ms on an absolute schedule, phones spread evenly over the
     * 20 ms (independent phones are not synchronised); counts only after warm-up.
     */
    private static long send(DatagramChannel[] phone, InetSocketAddress[] target, byte[] frame, long seconds,
                             Stats stats) throws Exception {
        long start = System.nanoTime() + FRAME_NANOS;
        int[] sequence = new int[phone.length];
        long sent = 0;
        long frames = seconds * 50;
        long spacing = FRAME_NANOS / phone.length;
        for (long f = 0; f < frames; f++) {
            boolean counted = f >= 100;
            int i = 0;
            while (i < phone.length) {
                long due = start + f * FRAME_NANOS + i * spacing;
                long wait = due - System.nanoTime();
                if (wait > 50_000) {
                    LockSupport.parkNanos(wait - 20_000);
                    continue;
                }
                byte[] payload = frame.clone();
                ByteBuffer stamp = ByteBuffer.wrap(payload);
                stamp.putLong(System.nanoTime()).putInt(counted ? 1 : 0);
                RtpPacket packet = new RtpPacket(false, 0, sequence[i]++ & 0xFFFF, f * 160, 1000 + i, payload);
                phone[i].send(ByteBuffer.wrap(packet.toBytes()), target[i]);
                sent++;
                if (counted) {
                    stats.counted++;
                }
                i++;
            }
        }
        return sent;
    }

    private static Thread receiver(DatagramChannel[] phone, Stats stats, AtomicBoolean running) throws Exception {
        Selector selector = Selector.open();
        for (int i = 0; i < phone.length; i++) {
            phone[i].register(selector, SelectionKey.OP_READ, i);
        }
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            try {
                while (running.get()) {
                    selector.select(100);
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        int i = (Integer) key.attachment();
                        while (true) {
                            buffer.clear();
                            if (((DatagramChannel) key.channel()).receive(buffer) == null) {
                                break;
                            }
                            long now = System.nanoTime();
                            RtpParseResult parsed = RtpPacket.parse(buffer.array(), 0, buffer.position());
                            if (!parsed.isPacket()) {
                                continue;
                            }
                            ByteBuffer stamp = ByteBuffer.wrap(parsed.packet().payload());
                            long sentAt = stamp.getLong();
                            if (stamp.getInt() == 1) {
                                stats.record(i, now - sentAt);
                            }
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bench-receiver");
        thread.start();
        return thread;
    }

    private static void prompts(int sessions, int seconds) throws Exception {
        G711Wav music;
        try (InputStream in = MediaBench.class.getResourceAsStream("/prompts/en/music_on_hold.wav")) {
            music = G711Wav.read(in.readAllBytes());
        }
        PortPool pool = new PortPool("127.0.0.1", 30000, 39999);
        try (RtpEngine engine = new RtpEngine(Clock.systemUTC(), (expired, reason) -> { })) {
            DatagramChannel[] phone = new DatagramChannel[sessions];
            List<RtpEndpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                phone[i] = phone();
                RtpEndpoint endpoint = endpoint("ivr" + i, pool, phone[i]);
                engine.add(endpoint);
                endpoint.play("op" + i, List.of(music), true, false);
                endpoints.add(endpoint);
            }
            Selector selector = Selector.open();
            for (int i = 0; i < sessions; i++) {
                phone[i].register(selector, SelectionKey.OP_READ, i);
            }
            long[] last = new long[sessions];
            int[] lastSequence = new int[sessions];
            Histogram interval = new Histogram();
            long received = 0;
            long gaps = 0;
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            while (System.nanoTime() < end) {
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    int i = (Integer) key.attachment();
                    while (true) {
                        buffer.clear();
                        if (((DatagramChannel) key.channel()).receive(buffer) == null) {
                            break;
                        }
                        long now = System.nanoTime();
                        RtpParseResult parsed = RtpPacket.parse(buffer.array(), 0, buffer.position());
                        if (!parsed.isPacket()) {
                            continue; // RTCP meant for the neighbouring port
                        }
                        RtpPacket packet = parsed.packet();
                        if (now > warmupEnd && last[i] != 0) {
                            received++;
                            interval.add(Math.abs((now - last[i]) - FRAME_NANOS));
                            gaps += ((packet.sequence() - lastSequence[i]) & 0xFFFF) - 1;
                        }
                        last[i] = now;
                        lastSequence[i] = packet.sequence();
                    }
                }
            }
            System.out.printf("ivr sessions=%d seconds=%d packets=%d (expected %d) sequence gaps=%d%n", sessions, seconds,
                    received, (long) sessions * seconds * 50, gaps);
            System.out.printf("prompt pacing |inter-arrival - 20 ms| p50=%.3f ms p99=%.3f ms max=%.3f ms%n",
                    interval.percentile(50), interval.percentile(99), interval.max());
            endpoints.forEach(e -> engine.remove(e.id(), EndpointEvent.CloseReason.DESTROYED, () -> { }));
        }
    }

    /** Per-stream minimum delay, and histograms of delay and of delay above that minimum. */
    private static final class Stats {
        final long[] minimum;
        final Histogram delay = new Histogram();
        final Histogram jitter = new Histogram();
        long counted;
        long received;

        Stats(int streams) {
            minimum = new long[streams];
            java.util.Arrays.fill(minimum, Long.MAX_VALUE);
        }

        void record(int stream, long nanos) {
            received++;
            delay.add(nanos);
            minimum[stream] = Math.min(minimum[stream], nanos);
            jitter.add(nanos - minimum[stream]);
        }
    }

    /** Microsecond buckets up to 1 s. */
    private static final class Histogram {
        private final long[] buckets = new long[1_000_000];
        private long count;
        private long max;

        void add(long nanos) {
            long micros = Math.max(0, Math.min(buckets.length - 1, nanos / 1000));
            buckets[(int) micros]++;
            count++;
            max = Math.max(max, nanos);
        }

        double percentile(double p) {
            long rank = (long) Math.ceil(p / 100 * count);
            long seen = 0;
            for (int i = 0; i < buckets.length; i++) {
                seen += buckets[i];
                if (seen >= rank && rank > 0) {
                    return i / 1000.0;
                }
            }
            return 0;
        }

        double max() {
            return max / 1e6;
        }
    }
}

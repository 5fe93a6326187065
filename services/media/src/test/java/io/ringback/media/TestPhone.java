package io.ringback.media;

import io.ringback.media.codec.G711;
import io.ringback.media.codec.Law;
import io.ringback.media.dtmf.TelephoneEvent;
import io.ringback.media.rtp.RtpPacket;
import io.ringback.media.rtp.RtpParseResult;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A phone on loopback for tests: a real UDP socket that sends RTP (G.711 audio, RFC 4733 events,
 * or garbage) to an endpoint and records every packet it receives with its arrival time.
 */
final class TestPhone implements AutoCloseable {

    record Received(RtpPacket packet, long nanos) {
    }

    private final DatagramChannel channel;
    private final DatagramChannel rtcpChannel;
    private final List<io.ringback.media.rtp.RtcpPacket.Received> reports = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Law law;
    private final long ssrc;
    private InetSocketAddress target;
    private int sequence = 100;
    private long timestamp = 8000;
    private volatile boolean open = true;

    TestPhone(Law law) throws IOException {
        this.law = law;
        this.ssrc = 0x5A5A0000L + (long) (Math.random() * 0xFFFF);
        // RTP on an even port and RTCP on the odd one above, as the SDP implies.
        DatagramChannel rtp = null;
        DatagramChannel rtcpSocket = null;
        for (int tries = 0; rtcpSocket == null; tries++) {
            int port = 46000 + 2 * (int) (Math.random() * 1500);
            try {
                rtp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", port));
                rtcpSocket = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", port + 1));
            } catch (IOException taken) {
                if (rtp != null) {
                    rtp.close();
                }
                if (tries > 50) {
                    throw taken;
                }
            }
        }
        this.channel = rtp;
        this.rtcpChannel = rtcpSocket;
        channel.socket().setSoTimeout(200);
        rtcpChannel.socket().setSoTimeout(200);
        this.reader = new Thread(this::read, "test-phone");
        reader.setDaemon(true);
        reader.start();
        Thread rtcpReader = new Thread(this::readRtcp, "test-phone-rtcp");
        rtcpReader.setDaemon(true);
        rtcpReader.start();
    }

    private void readRtcp() {
        byte[] buffer = new byte[2048];
        java.net.DatagramPacket datagram = new java.net.DatagramPacket(buffer, buffer.length);
        while (open) {
            try {
                rtcpChannel.socket().receive(datagram);
                io.ringback.media.rtp.RtcpPacket.Received report =
                        io.ringback.media.rtp.RtcpPacket.parse(buffer, datagram.getLength());
                if (report != null) {
                    reports.add(report);
                }
            } catch (SocketTimeoutException idle) {
                // keep listening
            } catch (IOException closed) {
                return;
            }
        }
    }

    List<io.ringback.media.rtp.RtcpPacket.Received> reports() {
        return new ArrayList<>(reports);
    }

    /** Sends an RTCP packet from the phone's RTCP port to the endpoint's (its RTP port + 1). */
    void sendRtcp(byte[] packet) throws IOException {
        rtcpChannel.send(ByteBuffer.wrap(packet), new InetSocketAddress(target.getAddress(), target.getPort() + 1));
    }

    long ssrc() {
        return ssrc;
    }

    int sequence() {
        return sequence;
    }

    int port() {
        return channel.socket().getLocalPort();
    }

    /** An SDP offer as a phone makes it. */
    String offer(int telephoneEventPt) {
        String formats = law == Law.PCMU ? "0" : "8";
        return "v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port() + " RTP/AVP " + formats + " " + telephoneEventPt + "\r\n"
                + "a=rtpmap:" + formats + " " + law.name() + "/8000\r\n"
                + "a=rtpmap:" + telephoneEventPt + " telephone-event/8000\r\na=ptime:20\r\n";
    }

    void target(int port) {
        target = new InetSocketAddress("127.0.0.1", port);
    }

    /** Sends linear audio as 20 ms packets, as fast as asked (the caller paces when it matters). */
    void sendAudio(short[] samples) throws IOException {
        for (int at = 0; at < samples.length; at += 160) {
            short[] frame = new short[160];
            System.arraycopy(samples, at, frame, 0, Math.min(160, samples.length - at));
            sendPayload(law.payloadType(), false, G711.encode(law, frame), 160);
        }
    }

    /** One press as RFC 4733 §2.5 sends it: updates every 20 ms, then the end packet three times. */
    void sendDigit(char digit, int telephoneEventPt) throws IOException {
        int event = io.ringback.media.dtmf.DtmfDigit.eventOf(digit);
        long start = timestamp;
        for (int duration = 160; duration <= 640; duration += 160) {
            send(new RtpPacket(duration == 160, telephoneEventPt, next(), start, ssrc,
                    new TelephoneEvent(event, false, 10, duration).toBytes()));
        }
        for (int i = 0; i < 3; i++) {
            send(new RtpPacket(false, telephoneEventPt, next(), start, ssrc, new TelephoneEvent(event, true, 10, 800).toBytes()));
        }
        timestamp += 960;
    }

    /**
     * One press from a phone that leaves the tone in the audio too: the first event packet, the tone
     * as audio (in-band detection would complete here), then the end packet three times.
     */
    void sendDigitWithToneInAudio(char digit, int telephoneEventPt, short[] tone) throws IOException {
        int event = io.ringback.media.dtmf.DtmfDigit.eventOf(digit);
        long start = timestamp;
        send(new RtpPacket(true, telephoneEventPt, next(), start, ssrc, new TelephoneEvent(event, false, 10, 160).toBytes()));
        sendAudio(tone);
        int duration = (int) (timestamp - start);
        for (int i = 0; i < 3; i++) {
            send(new RtpPacket(false, telephoneEventPt, next(), start, ssrc, new TelephoneEvent(event, true, 10, duration).toBytes()));
        }
    }

    void sendPayload(int payloadType, boolean marker, byte[] payload, int samples) throws IOException {
        send(new RtpPacket(marker, payloadType, next(), timestamp, ssrc, payload));
        timestamp += samples;
    }

    void sendRaw(byte[] datagram) throws IOException {
        channel.send(ByteBuffer.wrap(datagram), target);
    }

    private int next() {
        int s = sequence;
        sequence = (sequence + 1) & 0xFFFF;
        return s;
    }

    private void send(RtpPacket packet) throws IOException {
        channel.send(ByteBuffer.wrap(packet.toBytes()), target);
    }

    private void read() {
        byte[] buffer = new byte[2048];
        java.net.DatagramPacket datagram = new java.net.DatagramPacket(buffer, buffer.length);
        while (open) {
            try {
                channel.socket().receive(datagram);
                RtpParseResult parsed = RtpPacket.parse(buffer, 0, datagram.getLength());
                if (parsed.isPacket()) {
                    received.add(new Received(parsed.packet(), System.nanoTime()));
                }
            } catch (SocketTimeoutException idle) {
                // keep listening
            } catch (IOException closed) {
                return;
            }
        }
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    void clear() {
        received.clear();
    }

    @Override
    public void close() throws IOException {
        open = false;
        channel.close();
        rtcpChannel.close();
    }
}

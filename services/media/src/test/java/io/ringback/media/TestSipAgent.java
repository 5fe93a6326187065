package io.ringback.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The smallest SIP user agent server that lets a real phone reach the media service until the
 * signaling service exists: it answers an INVITE with the SDP the media API returns (or 488 when
 * the media API refuses the offer), answers BYE, and reports the call's Call-ID on ACK. UDP only,
 * no authentication, no re-INVITE.
 */
final class TestSipAgent implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;
    private final BiFunction<String, String, String> onInvite;
    private final Consumer<String> onAck;
    private final Consumer<String> onBye;
    private final Map<String, byte[]> answered = new ConcurrentHashMap<>();

    /**
     * @param onInvite (Call-ID, offer SDP) to answer SDP, or null for 488 Not Acceptable Here
     */
    TestSipAgent(BiFunction<String, String, String> onInvite, Consumer<String> onAck, Consumer<String> onBye)
            throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        this.onInvite = onInvite;
        this.onAck = onAck;
        this.onBye = onBye;
        this.thread = new Thread(this::serve, "test-sip-agent");
        thread.setDaemon(true);
        thread.start();
    }

    String uri() {
        return "sip:ivr@127.0.0.1:" + socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                handle(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8),
                        (InetSocketAddress) packet.getSocketAddress());
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(String message, InetSocketAddress from) throws IOException {
        int split = message.indexOf("\r\n\r\n");
        String head = split < 0 ? message : message.substring(0, split);
        String body = split < 0 ? "" : message.substring(split + 4);
        String[] lines = head.split("\r\n");
        String method = lines[0].split(" ")[0];
        if (method.equals("SIP/2.0")) {
            return;
        }
        List<String> vias = new ArrayList<>();
        String fromHeader = null;
        String to = null;
        String callId = null;
        String cseq = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "via", "v" -> vias.add(value);
                case "from", "f" -> fromHeader = value;
                case "to", "t" -> to = value;
                case "call-id", "i" -> callId = value;
                case "cseq" -> cseq = value;
                default -> {
                }
            }
        }
        switch (method) {
            case "INVITE" -> {
                byte[] response = answered.get(callId);
                if (response == null) {
                    String answer = onInvite.apply(callId, body);
                    response = answer == null
                            ? response(488, "Not Acceptable Here", vias, fromHeader, to, callId, cseq, null)
                            : response(200, "OK", vias, fromHeader, to, callId, cseq, answer);
                    answered.put(callId, response);
                }
                send(response, from);
            }
            case "ACK" -> onAck.accept(callId);
            case "BYE" -> {
                send(response(200, "OK", vias, fromHeader, to, callId, cseq, null), from);
                onBye.accept(callId);
            }
            default -> send(response(200, "OK", vias, fromHeader, to, callId, cseq, null), from);
        }
    }

    private byte[] response(int code, String reason, List<String> vias, String from, String to, String callId,
                            String cseq, String sdp) {
        StringBuilder out = new StringBuilder("SIP/2.0 ").append(code).append(' ').append(reason).append("\r\n");
        vias.forEach(v -> out.append("Via: ").append(v).append("\r\n"));
        out.append("From: ").append(from).append("\r\n");
        out.append("To: ").append(to).append(to.contains(";tag=") ? "" : ";tag=ivr" + Math.abs(callId.hashCode())).append("\r\n");
        out.append("Call-ID: ").append(callId).append("\r\n");
        out.append("CSeq: ").append(cseq).append("\r\n");
        out.append("Contact: <").append(uri()).append(">\r\n");
        byte[] body = sdp == null ? new byte[0] : sdp.getBytes(StandardCharsets.UTF_8);
        if (sdp != null) {
            out.append("Content-Type: application/sdp\r\n");
        }
        out.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = out.toString().getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, message, 0, headBytes.length);
        System.arraycopy(body, 0, message, headBytes.length, body.length);
        return message;
    }

    private void send(byte[] message, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(message, message.length, to));
    }

    @Override
    public void close() {
        socket.close();
    }
}

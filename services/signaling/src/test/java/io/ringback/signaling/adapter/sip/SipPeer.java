package io.ringback.signaling.adapter.sip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP peer on a raw socket (one UDP socket, or one TCP connection), no SIP stack of ours on this
 * side: it writes requests as text and reads whatever the service sends back, one message at a time.
 * Its Via names the socket's own port, so UDP responses come back to it.
 */
final class SipPeer implements AutoCloseable {

    private static final int TIMEOUT_MS = 5_000;
    /** How long without a message counts as "nothing more is coming" in {@link #receiveUntilSilent()}. */
    private static final int QUIET_MS = 1_500;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^(?:Content-Length|l)\\s*:\\s*(\\d+)\\s*$");

    private final String transport;
    private final int serverPort;
    private final DatagramSocket udp;
    private final Socket tcp;
    private final InputStream in;

    private SipPeer(String transport, int serverPort, DatagramSocket udp, Socket tcp) throws IOException {
        this.transport = transport;
        this.serverPort = serverPort;
        this.udp = udp;
        this.tcp = tcp;
        this.in = tcp == null ? null : tcp.getInputStream();
    }

    static SipPeer udp(int serverPort) throws IOException {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(SipPortResource.HOST));
        socket.setSoTimeout(TIMEOUT_MS);
        return new SipPeer("UDP", serverPort, socket, null);
    }

    static SipPeer tcp(int serverPort) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(SipPortResource.HOST, serverPort), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        return new SipPeer("TCP", serverPort, null, socket);
    }

    static SipPeer of(String transport, int serverPort) throws IOException {
        return "TCP".equals(transport) ? tcp(serverPort) : udp(serverPort);
    }

    String transport() {
        return transport;
    }

    /** Our Via with a new branch. */
    String via() {
        return via("z9hG4bK" + UUID.randomUUID());
    }

    String via(String branch) {
        int local = udp != null ? udp.getLocalPort() : tcp.getLocalPort();
        return "SIP/2.0/" + transport + " " + SipPortResource.HOST + ":" + local + ";branch=" + branch;
    }

    /** A request to the service with a new branch and Call-ID; {@code headers} (each ending CRLF) go after CSeq. */
    String request(String method, String user, String headers) {
        return method + " sip:" + user + "@" + SipPortResource.HOST + ":" + serverPort + " SIP/2.0\r\n"
                + "Via: " + via() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:monitor@" + SipPortResource.HOST + ">;tag=" + UUID.randomUUID() + "\r\n"
                + "To: <sip:" + user + "@" + SipPortResource.HOST + ">\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@" + SipPortResource.HOST + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + headers
                + "Content-Length: 0\r\n\r\n";
    }

    /** An INVITE to {@code did} from {@code fromUser}, with {@code headers} (each ending CRLF) after CSeq. */
    String invite(String did, String fromUser, String headers) {
        return request("INVITE", did, headers)
                .replaceFirst("From: <sip:monitor@", "From: <sip:" + fromUser + "@")
                .replaceFirst("\r\nCSeq: 1 INVITE\r\n", "\r\nContact: <sip:" + fromUser + "@" + SipPortResource.HOST
                        + ">\r\nCSeq: 1 INVITE\r\n");
    }

    /** The CANCEL of {@code invite} (RFC 3261 §9.1: its Request-URI, Via, From, To, Call-ID and CSeq number). */
    static String cancel(String invite) {
        return sameTransaction(invite, "CANCEL", header(invite, "To"));
    }

    /** The ACK of a non-2xx final response to {@code invite} (RFC 3261 §17.1.1.3: same branch, the response's To). */
    static String ack(String invite, String response) {
        return sameTransaction(invite, "ACK", header(response, "To"));
    }

    private static String sameTransaction(String invite, String method, String to) {
        return method + invite.substring(invite.indexOf(' '), invite.indexOf("\r\n") + 2)
                + "Via: " + header(invite, "Via") + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + header(invite, "From") + "\r\n"
                + "To: " + to + "\r\n"
                + "Call-ID: " + header(invite, "Call-ID") + "\r\n"
                + "CSeq: " + header(invite, "CSeq").replace("INVITE", method) + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    void send(String message) throws IOException {
        sendBytes(message.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends these octets as they are: one datagram over UDP. */
    void sendBytes(byte[] bytes) throws IOException {
        if (udp != null) {
            udp.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(SipPortResource.HOST), serverPort));
        } else {
            tcp.getOutputStream().write(bytes);
            tcp.getOutputStream().flush();
        }
    }

    /** The next message the service sends us; fails the test when none comes within 5 s or TCP closes. */
    String receive() throws IOException {
        String message = receiveOrClosed();
        if (message == null) {
            throw new AssertionError("the service closed the TCP connection");
        }
        return message;
    }

    /**
     * Every message the service sends until it is silent for {@code QUIET_MS} (or closes the TCP
     * connection): for a request whose framing leaves nothing more to read on this socket.
     */
    List<String> receiveUntilSilent() throws IOException {
        List<String> messages = new ArrayList<>();
        int timeout = udp != null ? udp.getSoTimeout() : tcp.getSoTimeout();
        setTimeout(QUIET_MS);
        try {
            for (String message = next(); message != null; message = next()) {
                messages.add(message);
            }
        } catch (SocketTimeoutException quiet) {
            // Silent for QUIET_MS: nothing more is coming.
        } finally {
            setTimeout(timeout);
        }
        return messages;
    }

    private void setTimeout(int millis) throws IOException {
        if (udp != null) {
            udp.setSoTimeout(millis);
        } else {
            tcp.setSoTimeout(millis);
        }
    }

    /** The next message, or null when the service closed the TCP connection; fails after 5 s of nothing. */
    String receiveOrClosed() throws IOException {
        try {
            return next();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no SIP message from the service over " + transport + " within " + TIMEOUT_MS
                    + " ms", e);
        }
    }

    private String next() throws IOException {
        if (udp != null) {
            byte[] buffer = new byte[65_535];
            DatagramPacket received = new DatagramPacket(buffer, buffer.length);
            udp.receive(received);
            return new String(received.getData(), 0, received.getLength(), StandardCharsets.UTF_8);
        }
        return readTcpMessage();
    }

    /** Sends and returns the next message received. */
    String exchange(String message) throws IOException {
        send(message);
        return receive();
    }

    /** The final response (the first that is not 1xx) the service sends next. */
    String finalResponse() throws IOException {
        while (true) {
            String message = receive();
            if (!code(message).startsWith("1")) {
                return message;
            }
        }
    }

    private String readTcpMessage() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.UTF_8).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0 && head.size() == 0) {
                return null;
            }
            if (b < 0) {
                throw new AssertionError("the service closed the TCP connection in a message; read " + head);
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue; // keep-alive CRLFs between messages (RFC 5626 §3.5.1)
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.UTF_8);
        Matcher length = CONTENT_LENGTH.matcher(text);
        int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return text + new String(in.readNBytes(body), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        } else {
            tcp.close();
        }
    }

    static String statusLine(String message) {
        return message.substring(0, message.indexOf("\r\n"));
    }

    /** The status code of a response, e.g. {@code 486}. */
    static String code(String message) {
        return statusLine(message).split(" ")[1];
    }

    /** The first value of a header, by its full name; null when absent. */
    static String header(String message, String name) {
        Matcher value = Pattern.compile("(?im)^" + Pattern.quote(name) + "\\s*:\\s*(.*?)\\s*$").matcher(
                message.substring(0, Math.max(0, message.indexOf("\r\n\r\n"))));
        return value.find() ? value.group(1) : null;
    }
}

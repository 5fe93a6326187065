package io.ringback.signaling.adapter.sip;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.PostgresTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SIP listeners as a peer sees them: raw UDP datagrams and a raw TCP stream, no SIP stack of ours on this side. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(SipPortResource.class)
class SipListenerTest {

    @ConfigProperty(name = "ringback.signaling.sip.port")
    int port;

    @Test
    void answersOptionsWith200AndWhatItAllowsOverUdpAndTcp() throws Exception {
        for (String response : new String[] {udp(options("UDP")), tcp(options("TCP"))}) {
            assertEquals("SIP/2.0 200 OK", statusLine(response), response);
            assertTrue(response.contains("\r\nAllow: OPTIONS\r\n"), response);
            assertTrue(response.contains("\r\nAccept: application/sdp\r\n"), response);
            assertTrue(response.matches("(?s).*\r\nTo: <sip:probe@127\\.0\\.0\\.1>;tag=[0-9a-f]{16}\r\n.*"), response);
        }
    }

    @Test
    void answersAMethodItDoesNotServeWith405AndAllow() throws Exception {
        String response = udp(request("SUBSCRIBE", "UDP", "Event: presence\r\n"));
        assertEquals("405", statusLine(response).split(" ")[1], response);
        assertTrue(response.contains("\r\nAllow: OPTIONS\r\n"), response);
    }

    @Test
    void refusesAnUnsupportedRequiredExtensionWith420() throws Exception {
        String response = udp(request("OPTIONS", "UDP", "Require: nothingSupportsThis\r\n"));
        assertEquals("420", statusLine(response).split(" ")[1], response);
        assertTrue(response.contains("\r\nUnsupported: nothingSupportsThis\r\n"), response);
    }

    @Test
    void refusesACSeqThatNamesAnotherMethodWith400() throws Exception {
        String response = udp(options("UDP").replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE"));
        assertEquals("400", statusLine(response).split(" ")[1], response);
    }

    @Test
    void keepsServingAfterGarbageOverUdpAndTcp() throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] garbage = "\u0000\u0001 not SIP at all\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            socket.send(new DatagramPacket(garbage, garbage.length, InetAddress.getByName(SipPortResource.HOST), port));
        }
        try (Socket socket = new Socket(SipPortResource.HOST, port)) {
            socket.getOutputStream().write("INVITE\r\nno: request line\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals("SIP/2.0 200 OK", statusLine(udp(options("UDP"))));
        assertEquals("SIP/2.0 200 OK", statusLine(tcp(options("TCP"))));
    }

    @Test
    void isReadyOnlyWithSipListening() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem(SipReadinessCheck.NAME))
                .body("checks.find { it.name == '" + SipReadinessCheck.NAME + "' }.status", org.hamcrest.Matchers.is("UP"))
                .body("checks.find { it.name == '" + SipReadinessCheck.NAME + "' }.data.udp",
                        org.hamcrest.Matchers.is(SipPortResource.HOST + ":" + port));
    }

    private String options(String transport) {
        return request("OPTIONS", transport, "");
    }

    private String request(String method, String transport, String extraHeaders) {
        String branch = "z9hG4bK" + UUID.randomUUID();
        return method + " sip:probe@127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:15001;branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:monitor@127.0.0.1>;tag=probe1\r\n"
                + "To: <sip:probe@127.0.0.1>\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@127.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + extraHeaders
                + "Content-Length: 0\r\n\r\n";
    }

    /** Sends one datagram and reads the response sent back to the socket (rport-less Via: the source port is ignored, so we listen where we sent from via received=). */
    private String udp(String message) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(SipPortResource.HOST))) {
            String sent = message.replace("127.0.0.1:15001", "127.0.0.1:" + socket.getLocalPort());
            byte[] bytes = sent.getBytes(StandardCharsets.UTF_8);
            socket.setSoTimeout(5_000);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(SipPortResource.HOST), port));
            byte[] buffer = new byte[65_535];
            DatagramPacket received = new DatagramPacket(buffer, buffer.length);
            socket.receive(received);
            return new String(received.getData(), 0, received.getLength(), StandardCharsets.UTF_8);
        }
    }

    /** Sends the message on a new connection and reads the response's head (our answers carry no body). */
    private String tcp(String message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(SipPortResource.HOST, port), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            try {
                while (head.indexOf("\r\n\r\n") < 0) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.append((char) b);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no response over TCP; read so far: " + head, e);
            }
            return head.toString();
        }
    }

    private static String statusLine(String response) {
        return response.substring(0, response.indexOf("\r\n"));
    }
}

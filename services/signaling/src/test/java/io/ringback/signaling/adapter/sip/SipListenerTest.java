package io.ringback.signaling.adapter.sip;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.PostgresTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static io.ringback.signaling.adapter.sip.SipPeer.statusLine;
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
        for (String response : new String[] {options("UDP"), options("TCP")}) {
            assertEquals("SIP/2.0 200 OK", statusLine(response), response);
            assertEquals(SipRequestHandler.ALLOWED, allowed(response), response);
            assertTrue(response.contains("\r\nAccept: application/sdp\r\n"), response);
            assertTrue(response.matches("(?s).*\r\nTo: <sip:probe@127\\.0\\.0\\.1>;tag=[0-9a-f]{16}\r\n.*"), response);
        }
    }

    @Test
    void answersAMethodItDoesNotServeWith405AndAllow() throws Exception {
        String response = send("UDP", "SUBSCRIBE", "Event: presence\r\n");
        assertEquals("405", statusLine(response).split(" ")[1], response);
        assertEquals(List.of("INVITE", "ACK", "CANCEL", "OPTIONS"), allowed(response), response);
    }

    @Test
    void refusesAnUnsupportedRequiredExtensionWith420() throws Exception {
        String response = send("UDP", "OPTIONS", "Require: nothingSupportsThis\r\n");
        assertEquals("420", statusLine(response).split(" ")[1], response);
        assertTrue(response.contains("\r\nUnsupported: nothingSupportsThis\r\n"), response);
    }

    @Test
    void refusesACSeqThatNamesAnotherMethodWith400() throws Exception {
        String response = send("UDP", "OPTIONS", "", message -> message.replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE"));
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
        assertEquals("SIP/2.0 200 OK", statusLine(options("UDP")));
        assertEquals("SIP/2.0 200 OK", statusLine(options("TCP")));
    }

    @Test
    void isReadyOnlyWithSipListening() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem(SipReadinessCheck.NAME))
                .body("checks.find { it.name == '" + SipReadinessCheck.NAME + "' }.status", org.hamcrest.Matchers.is("UP"))
                .body("checks.find { it.name == '" + SipReadinessCheck.NAME + "' }.data.udp",
                        org.hamcrest.Matchers.is(SipPortResource.HOST + ":" + port));
    }

    private String options(String transport) throws IOException {
        return send(transport, "OPTIONS", "");
    }

    /** One request on a new socket (UDP) or connection (TCP), and the response it gets. */
    private String send(String transport, String method, String extraHeaders) throws IOException {
        return send(transport, method, extraHeaders, message -> message);
    }

    private String send(String transport, String method, String extraHeaders, UnaryOperator<String> edit)
            throws IOException {
        try (SipPeer peer = SipPeer.of(transport, port)) {
            return peer.exchange(edit.apply(peer.request(method, "probe", extraHeaders)));
        }
    }

    /** The methods the response's Allow headers name, in order. */
    private static List<String> allowed(String response) {
        return Pattern.compile("(?im)^Allow\\s*:\\s*(.*?)\\s*$").matcher(response).results()
                .flatMap(allow -> Arrays.stream(allow.group(1).split("\\s*,\\s*"))).toList();
    }
}

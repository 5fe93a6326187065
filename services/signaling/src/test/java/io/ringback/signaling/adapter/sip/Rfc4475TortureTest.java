package io.ringback.signaling.adapter.sip;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.MediaDoubleResource;
import io.ringback.testing.PostgresTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.ringback.signaling.adapter.sip.SipPeer.code;
import static io.ringback.signaling.adapter.sip.SipPeer.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request of RFC 4475 (the SIP torture tests), byte for byte from {@code src/test/resources/rfc4475}
 * (see its README), sent over UDP and over TCP: each gets the response RFC 4475 expects of a UAS
 * like ours (or one of those it allows, or is dropped where it allows that), never a 2xx to an
 * INVITE, and the service answers an OPTIONS right after it. The INVITEs the parser accepts reach
 * the trigger: none of their Request-URIs is a provisioned DID, so their answer is the trigger's 404.
 *
 * <p>The top Via's sent-by and transport are rewritten to this test's socket and transport: the
 * RFC's hosts are example addresses, and the stack sends a response over the top Via's transport to
 * its sent-by (RFC 3261 §18.2.2). A branch with an identifier gets a unique suffix: the RFC's
 * messages share branches (z9hG4bKkdjuw in a dozen of them), and the transaction layer rightly takes
 * a second request with a live branch for a retransmission. Nothing else of the message changes.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AccountsDoubleResource.class)
@QuarkusTestResource(MediaDoubleResource.class)
@QuarkusTestResource(SipPortResource.class)
class Rfc4475TortureTest {

    /** The branch parameter right after a sent-by (group 2 its value), as the torture messages write it. */
    private static final Pattern BRANCH = Pattern.compile("([^\\r\\n,]*?;\\s*branch\\s*=\\s*)([^;,\\s]+)",
            Pattern.CASE_INSENSITIVE);

    /** A message that may get no response at all (the RFC lets the parser drop it). */
    private static final int DROP = 0;

    @ConfigProperty(name = "ringback.signaling.sip.port")
    int port;

    /**
     * One torture request.
     *
     * @param name     the RFC's file name ({@code wsinv}) and the resource's
     * @param section  the RFC 4475 section
     * @param topVia   the top Via's sent-by, rewritten to our socket over UDP
     * @param allowed  the final responses allowed (DROP: none at all is allowed too)
     * @param tcpStuck over TCP the framing is broken (Content-Length too large, negative, or absent):
     *                 nothing more is read on that connection, the probe goes on a new one
     */
    record Torture(String name, String section, String topVia, Set<Integer> allowed, boolean tcpStuck) {

        Torture(String name, String section, String topVia, Integer... allowed) {
            this(name, section, topVia, Set.of(allowed), false);
        }

        Torture stuckOverTcp() {
            return new Torture(name, section, topVia, allowed, true);
        }

        @Override
        public String toString() {
            return section + " " + name;
        }
    }

    static List<Torture> tortures() {
        return List.of(
                // 3.1.1 valid messages: accepted and served
                new Torture("wsinv", "3.1.1.1", "192.0.2.2", 404),
                new Torture("intmeth", "3.1.1.2", "host1.example.com", 501),
                new Torture("esc01", "3.1.1.3", "host5.example.net", 404),
                new Torture("escnull", "3.1.1.4", "host5.example.com", 405),
                new Torture("esc02", "3.1.1.5", "host.example.com", 501),
                new Torture("lwsdisp", "3.1.1.6", "funky.example.com", 200),
                new Torture("longreq", "3.1.1.7", "sip33.example.com", 404),
                new Torture("dblreq", "3.1.1.8", "192.0.2.125", 405),
                new Torture("semiuri", "3.1.1.9", "192.0.2.1", 200),
                new Torture("transports", "3.1.1.10", "t1.example.com", 200),
                new Torture("mpart01", "3.1.1.11", "127.0.0.1:5070", 405),
                // 3.1.2 invalid messages: 400 (or the code named), or dropped
                new Torture("badinv01", "3.1.2.1", "192.0.2.15", 400, DROP),
                new Torture("clerr", "3.1.2.2", "host5.example.com", 400, DROP).stuckOverTcp(),
                new Torture("ncl", "3.1.2.3", "192.0.2.53", 400, DROP).stuckOverTcp(),
                new Torture("scalar02", "3.1.2.4", "host129.example.com", 400, DROP),
                new Torture("quotbal", "3.1.2.6", "192.0.2.59:5050", 400, DROP),
                new Torture("ltgtruri", "3.1.2.7", "192.0.2.5", 400, DROP),
                new Torture("lwsruri", "3.1.2.8", "192.0.2.1:5060", 400, DROP),
                // "acceptable to reject ... may ignore these extra SP characters"
                new Torture("lwsstart", "3.1.2.9", "host1.example.com", 400, DROP, 404),
                new Torture("trws", "3.1.2.10", "host1.examle.com", 400, DROP, 200),
                // "could choose to be liberal ... and ignore the escaped headers"
                new Torture("escruri", "3.1.2.11", "host-of-the-hour.example.com", 400, DROP, 404),
                // "could ignore this value altogether if it wasn't going to use the Date"
                new Torture("baddate", "3.1.2.12", "host.example.com", 400, DROP, 404),
                // "could infer the angle brackets": then it is a REGISTER, which we do not serve
                new Torture("regbadct", "3.1.2.13", "135.180.130.133:5060", 400, DROP, 405),
                new Torture("badaspec", "3.1.2.14", "host4.example.com:5060", 400, DROP, 200),
                new Torture("baddn", "3.1.2.15", "c.example.com:5060", 400, DROP, 200),
                new Torture("badvers", "3.1.2.16", "c.example.com", 505),
                new Torture("mismatch01", "3.1.2.17", "host.example.com", 400),
                new Torture("mismatch02", "3.1.2.18", "host.example.net", 501, 400),
                // 3.2 transaction layer: reject, or fall back to RFC 2543 matching
                // Its branch is the bare magic cookie, which the stack matches on alone: over TCP, within
                // Timer J of the UDP run, it is that transaction's retransmission and absorbed.
                new Torture("badbranch", "3.2.1", "192.0.2.1", 400, 200, DROP),
                // 3.3 application layer
                new Torture("insuf", "3.3.1", "192.0.2.95", 400, DROP),
                new Torture("unkscm", "3.3.2", "host9.example.com", 416, 400),
                new Torture("novelsc", "3.3.3", "host9.example.com", 416, 400),
                new Torture("unksm2", "3.3.4", "192.0.2.21:5060", 405, 400),
                new Torture("bext01", "3.3.5", "fold-and-staple.example.com", 420),
                new Torture("invut", "3.3.6", "somehost.example.com", 415),
                new Torture("regaut01", "3.3.7", "192.0.2.253", 405),
                new Torture("multi01", "3.3.8", "192.0.2.25", 400, DROP),
                // over TCP the framing is lost: the stack closes the connection
                new Torture("mcl01", "3.3.9", "host5.example.net", 400, DROP).stuckOverTcp(),
                new Torture("zeromf", "3.3.11", "host1.example.com", 200),
                new Torture("cparam01", "3.3.12", "saturn.example.com:5060", 405),
                new Torture("cparam02", "3.3.13", "saturn.example.com:5060", 405),
                new Torture("regescrt", "3.3.14", "host5.example.com", 405),
                // our responses carry no body, so nothing unacceptable is sent: the trigger answers
                new Torture("sdp01", "3.3.15", "192.0.2.15", 404, 406),
                // 3.4 backward compatibility; over TCP it has no Content-Length to frame it
                new Torture("inv2543", "3.4.1", "iftgw.example.com", 404).stuckOverTcp());
    }

    static Stream<Arguments> torturesOverEachTransport() {
        return tortures().stream().flatMap(torture -> Stream.of(Arguments.of(torture, "UDP"), Arguments.of(torture, "TCP")));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("torturesOverEachTransport")
    void getsTheResponseRfc4475ExpectsAndTheServiceKeepsServing(Torture torture, String transport) throws Exception {
        try {
            check(torture, transport);
        } catch (AssertionError e) {
            throw new AssertionError(torture + " over " + transport + ": " + e.getMessage(), e);
        }
    }

    private void check(Torture torture, String transport) throws Exception {
        byte[] message = resource(torture.name());
        boolean stuck = "TCP".equals(transport) && torture.tcpStuck();
        List<String> answers = new ArrayList<>();
        try (SipPeer peer = SipPeer.of(transport, port)) {
            peer.sendBytes(viaToUs(message, torture.topVia(), transport, peer.via("unused")));
            if (stuck) {
                answers.addAll(peer.receiveUntilSilent());
            } else {
                String probe = peer.request("OPTIONS", "probe", "");
                peer.send(probe);
                boolean probed = false;
                while (!probed || (!torture.allowed().contains(DROP) && finals(answers).isEmpty())) {
                    String next = peer.receiveOrClosed();
                    if (next == null) {
                        break; // TCP closed after a framing error; the fresh probe below decides
                    }
                    if (header(probe, "Call-ID").equals(header(next, "Call-ID"))) {
                        assertEquals("200", code(next), next);
                        probed = true;
                    } else {
                        answers.add(next);
                    }
                }
            }
        }
        for (String answer : answers) {
            assertTrue(answer.startsWith("SIP/2.0 "), "only responses come back: " + answer);
            String cseq = header(answer, "CSeq");
            assertFalse(cseq != null && cseq.endsWith("INVITE") && code(answer).startsWith("2"), "never a 2xx to an INVITE: "
                    + answer);
        }
        List<String> finals = finals(answers);
        if ("dblreq".equals(torture.name()) && "UDP".equals(transport)) {
            assertTrue(answers.stream().noneMatch(answer -> header(answer, "CSeq").endsWith("INVITE")),
                    "the octets after a UDP request's body are ignored (RFC 3261 §18.3): " + answers);
        }
        if (finals.isEmpty()) {
            assertTrue(torture.allowed().contains(DROP), torture + " over " + transport + " got no response");
        } else {
            int first = Integer.parseInt(code(finals.get(0)));
            assertTrue(torture.allowed().contains(first), torture + " over " + transport + " got " + finals.get(0));
            assertExtras(torture, finals.get(0));
        }
        try (SipPeer fresh = SipPeer.of(transport, port)) {
            assertEquals("200", code(fresh.exchange(fresh.request("OPTIONS", "probe", ""))), "the service keeps serving");
        }
    }

    /** What a response must carry besides its code (RFC 3261 §8.2.2.3, §8.2.3, §8.2.1). */
    private static void assertExtras(Torture torture, String response) {
        switch (code(response)) {
            case "420" -> assertEquals(List.of("nothingSupportsThis", "nothingSupportsThisEither"),
                    values(response, "Unsupported"), response);
            case "415" -> assertEquals(List.of("application/sdp"), values(response, "Accept"), response);
            case "405", "501" -> assertEquals(SipRequestHandler.ALLOWED, values(response, "Allow"), response);
            default -> assertTrue(torture.allowed().contains(Integer.parseInt(code(response))), response);
        }
    }

    private static List<String> finals(List<String> answers) {
        return answers.stream().filter(answer -> answer.startsWith("SIP/2.0 ") && !code(answer).startsWith("1")).toList();
    }

    /** Every value of a header, over repeated headers and comma-separated lists. */
    private static List<String> values(String message, String name) {
        String head = message.substring(0, message.indexOf("\r\n\r\n"));
        return Arrays.stream(head.split("\r\n"))
                .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .flatMap(line -> Arrays.stream(line.substring(name.length() + 1).split(",")))
                .map(String::strip).toList();
    }

    /**
     * The message with its top Via pointing at us: the first occurrence of its sent-by replaced by our
     * address, and the transport token before it by the one we send on (the stack answers over the
     * top Via's transport, RFC 3261 §18.2.2), and its branch, when it has an identifier, made unique.
     */
    private static byte[] viaToUs(byte[] message, String sentBy, String transport, String ourVia) {
        String ours = ourVia.substring(ourVia.lastIndexOf(' ') + 1, ourVia.indexOf(';'));
        String text = new String(message, StandardCharsets.ISO_8859_1);
        Matcher via = Pattern.compile("(?im)^(?:via|v)[ \\t]*:").matcher(text);
        assertTrue(via.find(), "a Via header");
        int at = text.indexOf(sentBy, via.end());
        assertTrue(at >= 0, "the top Via names " + sentBy);
        String before = text.substring(0, at);
        int token = Math.max(Math.max(before.lastIndexOf("UDP"), before.lastIndexOf("TCP")),
                Math.max(before.lastIndexOf("TLS"), before.lastIndexOf("SCTP")));
        assertTrue(token >= 0, "the top Via names its transport before " + sentBy);
        int tokenEnd = before.startsWith("SCTP", token) ? token + 4 : token + 3;
        String after = text.substring(at + sentBy.length());
        Matcher branch = BRANCH.matcher(after);
        if (branch.lookingAt() && branch.group(2).length() > "z9hG4bK".length()) {
            after = after.substring(0, branch.end(2)) + "-" + UUID.randomUUID() + after.substring(branch.end(2));
        }
        return (before.substring(0, token) + transport + before.substring(tokenEnd, at) + ours + after)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = Rfc4475TortureTest.class.getResourceAsStream("/rfc4475/" + name + ".dat")) {
            assertTrue(in != null, "resource rfc4475/" + name + ".dat");
            return in.readAllBytes();
        }
    }

    @Test
    void theResourcesAreWireBytesWithCrlfLineEnds() throws Exception {
        for (Torture torture : tortures()) {
            byte[] bytes = resource(torture.name());
            int bodyAt = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(bodyAt > 0, torture + " has a head");
            for (int i = 0; i < bodyAt; i++) {
                if (bytes[i] == '\n') {
                    assertEquals('\r', bytes[i - 1], torture + " has a bare LF in its head at " + i);
                }
            }
        }
    }
}

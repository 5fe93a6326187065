package io.ringback.media.sdp;

import io.ringback.media.codec.Law;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdpNegotiatorTest {

    /** A typical phone offer: PCMA preferred, then PCMU, G.729, telephone-event on PT 96. */
    private static final String PHONE_OFFER = """
            v=0\r
            o=- 3712 3712 IN IP4 192.0.2.10\r
            s=call\r
            c=IN IP4 192.0.2.10\r
            t=0 0\r
            m=audio 40000 RTP/AVP 8 0 18 96\r
            a=rtpmap:8 PCMA/8000\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:18 G729/8000\r
            a=rtpmap:96 telephone-event/8000\r
            a=fmtp:96 0-16\r
            a=ptime:20\r
            a=sendrecv\r
            """;

    @Test
    void ourOfferListsBothLawsTelephoneEventAndPtime20() {
        assertEquals("""
                v=0\r
                o=ringback 7 7 IN IP4 10.0.0.5\r
                s=ringback\r
                c=IN IP4 10.0.0.5\r
                t=0 0\r
                m=audio 20000 RTP/AVP 0 8 101\r
                a=rtpmap:0 PCMU/8000\r
                a=rtpmap:8 PCMA/8000\r
                a=rtpmap:101 telephone-event/8000\r
                a=fmtp:101 0-15\r
                a=ptime:20\r
                a=sendrecv\r
                """, SdpNegotiator.offer("10.0.0.5", 20000, List.of(Law.PCMU, Law.PCMA), 7));
    }

    @Test
    void answerTakesTheOfferersFirstAllowedCodecAndItsTelephoneEventNumber() throws SdpException {
        SdpNegotiator.Answer answer = SdpNegotiator.answer(PHONE_OFFER, "10.0.0.5", 20002,
                List.of(Law.PCMU, Law.PCMA), 1);
        assertEquals(new NegotiatedMedia(Law.PCMA, 96, "192.0.2.10", 40000, "sendrecv"), answer.media());
        assertTrue(answer.sdp().contains("m=audio 20002 RTP/AVP 8 96\r\n"), answer.sdp());
        assertTrue(answer.sdp().contains("a=rtpmap:96 telephone-event/8000\r\n"));
        assertTrue(answer.sdp().contains("a=ptime:20\r\n"));
        assertTrue(answer.sdp().contains("a=sendrecv\r\n"));
    }

    @Test
    void answerRestrictedToMuLawPicksItEvenWhenOfferedSecond() throws SdpException {
        SdpNegotiator.Answer answer = SdpNegotiator.answer(PHONE_OFFER, "10.0.0.5", 20002, List.of(Law.PCMU), 1);
        assertEquals(Law.PCMU, answer.media().law());
        assertTrue(answer.sdp().contains("m=audio 20002 RTP/AVP 0 96\r\n"));
    }

    @Test
    void staticPayloadTypesNeedNoRtpmapAndNoTelephoneEventMeansNone() throws SdpException {
        String offer = "v=0\nc=IN IP4 198.51.100.7\nm=audio 5004 RTP/AVP 0\n";
        NegotiatedMedia media = SdpNegotiator.answer(offer, "10.0.0.5", 20004, List.of(Law.PCMU, Law.PCMA), 1).media();
        assertEquals(new NegotiatedMedia(Law.PCMU, 0, "198.51.100.7", 5004, "sendrecv"), media);
    }

    @Test
    void mediaLevelConnectionOverridesSessionLevelAndDirectionIsMirrored() throws SdpException {
        String offer = "v=0\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 8\r\nc=IN IP4 192.0.2.99\r\na=sendonly\r\n";
        SdpNegotiator.Answer answer = SdpNegotiator.answer(offer, "10.0.0.5", 20006, List.of(Law.PCMA), 1);
        assertEquals("192.0.2.99", answer.media().remoteAddress());
        assertTrue(answer.sdp().contains("a=recvonly\r\n"));
        assertEquals("recvonly", answer.media().direction());
        assertEquals(false, answer.media().weSend());
        assertEquals(true, answer.media().peerSends());
        String hold = "v=0\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 8\r\na=inactive\r\n";
        NegotiatedMedia held = SdpNegotiator.answer(hold, "10.0.0.5", 20006, List.of(Law.PCMA), 1).media();
        assertEquals(false, held.weSend());
        assertEquals(false, held.peerSends());
        String answerHolding = "v=0\r\nc=IN IP4 203.0.113.4\r\nm=audio 7078 RTP/AVP 8\r\na=recvonly\r\n";
        NegotiatedMedia holding = SdpNegotiator.applyAnswer(answerHolding, List.of(Law.PCMA));
        assertEquals("sendonly", holding.direction());
        assertEquals(false, holding.peerSends());
    }

    @Test
    void answerHasOneMediaLinePerOfferedOneAndRefusesTheOthersWithPortZero() throws SdpException {
        String offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                + "m=video 5006 RTP/AVP 31 34\r\na=sendonly\r\n"
                + "m=audio 5004 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "m=audio 5008 RTP/AVP 8\r\n"
                + "m=application 5010 UDP/BFCP *\r\n";
        SdpNegotiator.Answer answer = SdpNegotiator.answer(offer, "10.0.0.5", 20008, List.of(Law.PCMU, Law.PCMA), 3);
        assertEquals("""
                v=0\r
                o=ringback 3 3 IN IP4 10.0.0.5\r
                s=ringback\r
                c=IN IP4 10.0.0.5\r
                t=0 0\r
                m=video 0 RTP/AVP 31 34\r
                m=audio 20008 RTP/AVP 0 101\r
                a=rtpmap:0 PCMU/8000\r
                a=rtpmap:101 telephone-event/8000\r
                a=fmtp:101 0-15\r
                a=ptime:20\r
                a=sendrecv\r
                m=audio 0 RTP/AVP 8\r
                m=application 0 UDP/BFCP *\r
                """, answer.sdp());
        // The video section's a=sendonly is not the session's direction.
        assertEquals(new NegotiatedMedia(Law.PCMU, 101, "192.0.2.1", 5004, "sendrecv"), answer.media());
    }

    @Test
    void noCommonCodecIsAClearErrorForA488() {
        String offer = "v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 6000 RTP/AVP 18 9 101\r\n"
                + "a=rtpmap:18 G729/8000\r\na=rtpmap:9 G722/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
        SdpException e = assertThrows(SdpException.class,
                () -> SdpNegotiator.answer(offer, "10.0.0.5", 20000, List.of(Law.PCMU, Law.PCMA), 1));
        assertEquals(SdpException.Reason.NO_COMMON_CODEC, e.reason());
        assertEquals("no common codec: the offer has [18 G729, 9 G722, 101 TELEPHONE-EVENT], we accept [PCMU, PCMA] (G.711, 8 kHz)",
                e.getMessage());
    }

    @Test
    void wideBandPcmuIsNotG711AndSrtpIsNotOffered() {
        String wide = "v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 6000 RTP/AVP 96\r\na=rtpmap:96 PCMU/16000\r\n";
        assertEquals(SdpException.Reason.NO_COMMON_CODEC, assertThrows(SdpException.class,
                () -> SdpNegotiator.answer(wide, "10.0.0.5", 20000, List.of(Law.PCMU), 1)).reason());
        String srtp = "v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 6000 RTP/SAVP 0\r\n";
        assertEquals("audio transport is RTP/SAVP, expected RTP/AVP", assertThrows(SdpException.class,
                () -> SdpNegotiator.answer(srtp, "10.0.0.5", 20000, List.of(Law.PCMU), 1)).getMessage());
        String disabled = "v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 0 RTP/AVP 0\r\n";
        assertEquals(SdpException.Reason.NO_COMMON_CODEC, assertThrows(SdpException.class,
                () -> SdpNegotiator.answer(disabled, "10.0.0.5", 20000, List.of(Law.PCMU), 1)).reason());
    }

    @Test
    void malformedSdpIsRefusedWithWhatIsWrong() {
        assertMalformed("", "the SDP is empty");
        assertMalformed("hello", "SDP line is not <type>=<value>: 'hello'");
        assertMalformed("v=1\r\n", "SDP version is 1, expected 0");
        assertMalformed("v=0\r\nc=IN IP4 1.2.3.4\r\n", "SDP has no m=audio line");
        assertMalformed("v=0\r\nm=audio 6000 RTP/AVP 0\r\n", "SDP has no c= connection address");
        assertMalformed("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 70000 RTP/AVP 0\r\n", "port 70000 is not in 0-65535");
        assertMalformed("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 6000 RTP/AVP x\r\n", "payload type 'x' is not a number");
        assertMalformed("v=0\r\nc=ATM x\r\n", "c= line is not 'IN IP4|IP6 <address>': 'ATM x'");
        assertMalformed("v=0\r\nc=IN IP4 pbx.example.com\r\nm=audio 6000 RTP/AVP 0\r\n",
                "c= address 'pbx.example.com' is not an IP4 address literal (host names are not accepted)");
        assertMalformed("v=0\r\nc=IN IP4 1.2.3.256\r\nm=audio 6000 RTP/AVP 0\r\n",
                "c= address '1.2.3.256' is not an IP4 address literal (host names are not accepted)");
        assertMalformed("v=0\r\nc=IN IP6 localhost\r\nm=audio 6000 RTP/AVP 0\r\n",
                "c= address 'localhost' is not an IP6 address literal (host names are not accepted)");
    }

    @Test
    void ip6LiteralsAreAccepted() throws SdpException {
        String offer = "v=0\r\nc=IN IP6 2001:db8::7\r\nm=audio 7078 RTP/AVP 0\r\n";
        assertEquals("2001:db8::7", SessionDescription.parse(offer).connectionAddress());
    }

    @Test
    void answerToOurOfferSettlesTheCodecTheFarEndChose() throws SdpException {
        String answer = "v=0\r\nc=IN IP4 203.0.113.4\r\nm=audio 7078 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";
        assertEquals(new NegotiatedMedia(Law.PCMA, 101, "203.0.113.4", 7078, "sendrecv"),
                SdpNegotiator.applyAnswer(answer, List.of(Law.PCMU, Law.PCMA)));
        assertEquals(SdpException.Reason.NO_COMMON_CODEC, assertThrows(SdpException.class,
                () -> SdpNegotiator.applyAnswer(answer, List.of(Law.PCMU))).reason());
    }

    private static void assertMalformed(String sdp, String message) {
        SdpException e = assertThrows(SdpException.class,
                () -> SdpNegotiator.answer(sdp, "10.0.0.5", 20000, List.of(Law.PCMU), 1));
        assertEquals(SdpException.Reason.MALFORMED, e.reason());
        assertEquals(message, e.getMessage());
    }
}

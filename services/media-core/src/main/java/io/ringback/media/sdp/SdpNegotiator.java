package io.ringback.media.sdp;

import io.ringback.media.codec.Law;

import java.util.List;

/**
 * RFC 3264 offer/answer for one G.711 audio stream with RFC 4733 telephone-event, 20 ms
 * packetization. The answerer keeps the offerer's payload type numbers (RFC 3264 §6.1) and picks
 * the first offered codec it allows, so the offerer's preference wins.
 */
public final class SdpNegotiator {

    /** Our telephone-event payload type when we make the offer (dynamic range, RFC 3551 §3). */
    public static final int OFFERED_TELEPHONE_EVENT_PT = 101;
    public static final int PTIME_MS = 20;

    private SdpNegotiator() {
    }

    /** Our offer: the given laws in preference order, plus telephone-event. */
    public static String offer(String localAddress, int localPort, List<Law> preference, long sessionVersion) {
        return offer(localAddress, localPort, preference, sessionVersion, sessionVersion, "sendrecv");
    }

    /** Our offer in a session whose o= id and version are given. */
    public static String offer(String localAddress, int localPort, List<Law> preference, long sessionId, long version) {
        return offer(localAddress, localPort, preference, sessionId, version, "sendrecv");
    }

    /**
     * Our offer with a direction (a re-INVITE: {@code sendonly} holds the far end, {@code inactive}
     * stops both ways). RFC 3264 §8: a new offer keeps the o= session id and increments the version.
     */
    public static String offer(String localAddress, int localPort, List<Law> preference, long sessionId, long version,
                               String direction) {
        return session(localAddress, sessionId, version)
                + audio(localPort, preference, OFFERED_TELEPHONE_EVENT_PT, direction);
    }

    /** The outcome of answering an offer: our answer, and what it settles. */
    public record Answer(String sdp, NegotiatedMedia media) {
    }

    /**
     * Answers a remote offer.
     *
     * @throws SdpException NO_COMMON_CODEC when no allowed law is offered (signaling answers 488)
     */
    public static Answer answer(String remoteOffer, String localAddress, int localPort, List<Law> allowed,
                                long sessionVersion) throws SdpException {
        return answer(remoteOffer, localAddress, localPort, allowed, sessionVersion, sessionVersion);
    }

    /** Answers an offer in a session whose o= id and version are given (a re-INVITE's: the next version). */
    public static Answer answer(String remoteOffer, String localAddress, int localPort, List<Law> allowed,
                                long sessionId, long version) throws SdpException {
        SessionDescription offer = SessionDescription.parse(remoteOffer);
        NegotiatedMedia media = choose(offer, allowed, "offer");
        // RFC 3264 §6: one m= line per offered one, in order; the streams we do not take (video, a
        // second audio stream) are refused with port 0 and their offered formats.
        StringBuilder sdp = new StringBuilder(session(localAddress, sessionId, version));
        for (int i = 0; i < offer.mediaLines().size(); i++) {
            if (i == offer.audioIndex()) {
                sdp.append(audio(localPort, List.of(media.law()), media.telephoneEventPayloadType(), media.direction()));
            } else {
                String[] parts = offer.mediaLines().get(i).split(" ");
                sdp.append("m=").append(parts[0]).append(" 0 ").append(parts[2]);
                for (int f = 3; f < parts.length; f++) {
                    sdp.append(' ').append(parts[f]);
                }
                sdp.append("\r\n");
            }
        }
        return new Answer(sdp.toString(), media);
    }

    private static String mirror(String direction) {
        return switch (direction) {
            case "sendonly" -> "recvonly";
            case "recvonly" -> "sendonly";
            default -> direction;
        };
    }

    /**
     * Applies the remote answer to our offer.
     *
     * @throws SdpException NO_COMMON_CODEC when the answer picks nothing we offered
     */
    public static NegotiatedMedia applyAnswer(String remoteAnswer, List<Law> offered) throws SdpException {
        return choose(SessionDescription.parse(remoteAnswer), offered, "answer");
    }

    private static NegotiatedMedia choose(SessionDescription remote, List<Law> allowed, String what)
            throws SdpException {
        if (remote.audioPort() == 0) {
            throw new SdpException(SdpException.Reason.NO_COMMON_CODEC, "the " + what + " disables its audio stream (port 0)");
        }
        Law law = null;
        int telephoneEvent = 0;
        for (int pt : remote.payloadTypes()) {
            String encoding = remote.encodingOf(pt);
            if (law == null) {
                for (Law candidate : allowed) {
                    if (candidate.name().equals(encoding) && pt == candidate.payloadType()) {
                        law = candidate;
                    }
                }
            }
            if (telephoneEvent == 0 && encoding.equals("TELEPHONE-EVENT") && pt >= 96) {
                telephoneEvent = pt;
            }
        }
        if (law == null) {
            throw new SdpException(SdpException.Reason.NO_COMMON_CODEC, "no common codec: the " + what + " has "
                    + describeFormats(remote) + ", we accept " + allowed + " (G.711, 8 kHz)");
        }
        return new NegotiatedMedia(law, telephoneEvent, remote.connectionAddress(), remote.audioPort(),
                mirror(remote.direction()));
    }

    private static String describeFormats(SessionDescription remote) {
        StringBuilder out = new StringBuilder("[");
        for (int pt : remote.payloadTypes()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            String encoding = remote.encodingOf(pt);
            out.append(pt).append(encoding.isEmpty() ? "" : " " + encoding);
        }
        return out.append(']').toString();
    }

    private static String session(String address, long sessionId, long version) {
        String family = address.contains(":") ? "IP6" : "IP4";
        return "v=0\r\n"
                + "o=ringback " + sessionId + " " + version + " IN " + family + " " + address + "\r\n"
                + "s=ringback\r\n"
                + "c=IN " + family + " " + address + "\r\n"
                + "t=0 0\r\n";
    }

    private static String audio(int port, List<Law> laws, int telephoneEvent, String direction) {
        StringBuilder formats = new StringBuilder();
        StringBuilder attributes = new StringBuilder();
        for (Law law : laws) {
            formats.append(' ').append(law.payloadType());
            attributes.append("a=rtpmap:").append(law.payloadType()).append(' ').append(law.name()).append("/8000\r\n");
        }
        if (telephoneEvent > 0) {
            formats.append(' ').append(telephoneEvent);
            attributes.append("a=rtpmap:").append(telephoneEvent).append(" telephone-event/8000\r\n");
            // RFC 4733 §7.1.1: events 0-15 are the DTMF digits.
            attributes.append("a=fmtp:").append(telephoneEvent).append(" 0-15\r\n");
        }
        return "m=audio " + port + " RTP/AVP" + formats + "\r\n"
                + attributes
                + "a=ptime:" + PTIME_MS + "\r\n"
                + "a=" + direction + "\r\n";
    }
}

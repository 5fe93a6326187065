package io.ringback.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of an RFC 4566 session description a G.711 media anchor uses: the connection address,
 * and the first audio stream's port, payload types, rtpmap/fmtp/ptime and direction.
 *
 * @param connectionAddress c= address (media level overrides session level)
 * @param audioPort         m=audio port; 0 means the stream is rejected (RFC 3264 §6)
 * @param payloadTypes      m=audio formats in preference order
 * @param encodings         payload type to upper-case encoding name ("PCMU", "TELEPHONE-EVENT")
 * @param ptime             a=ptime in ms; 0 when absent
 * @param direction         sendrecv, sendonly, recvonly or inactive
 */
public record SessionDescription(String connectionAddress, int audioPort, List<Integer> payloadTypes,
                                 Map<Integer, String> encodings, int ptime, String direction) {

    public SessionDescription {
        payloadTypes = List.copyOf(payloadTypes);
        encodings = Map.copyOf(encodings);
    }

    /** The encoding of a payload type: from a=rtpmap, else the RFC 3551 static assignment. */
    public String encodingOf(int payloadType) {
        String name = encodings.get(payloadType);
        if (name != null) {
            return name;
        }
        return switch (payloadType) {
            case 0 -> "PCMU";
            case 8 -> "PCMA";
            default -> "";
        };
    }

    /** Parses SDP text (CRLF or LF line ends). */
    public static SessionDescription parse(String sdp) throws SdpException {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpException(SdpException.Reason.MALFORMED, "the SDP is empty");
        }
        String sessionAddress = null;
        String mediaAddress = null;
        boolean inAudio = false;
        boolean seenAudio = false;
        boolean sawVersion = false;
        int port = -1;
        List<Integer> formats = new ArrayList<>();
        Map<Integer, String> encodings = new LinkedHashMap<>();
        int ptime = 0;
        String direction = "sendrecv";
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException(SdpException.Reason.MALFORMED, "SDP line is not <type>=<value>: '" + line + "'");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            switch (type) {
                case 'v' -> {
                    if (!value.equals("0")) {
                        throw new SdpException(SdpException.Reason.MALFORMED, "SDP version is " + value + ", expected 0");
                    }
                    sawVersion = true;
                }
                case 'c' -> {
                    String[] parts = value.split(" ");
                    if (parts.length < 3 || !parts[0].equals("IN") || !(parts[1].equals("IP4") || parts[1].equals("IP6"))) {
                        throw new SdpException(SdpException.Reason.MALFORMED, "c= line is not 'IN IP4|IP6 <address>': '" + value + "'");
                    }
                    String address = parts[2].split("/")[0];
                    if (inAudio) {
                        mediaAddress = address;
                    } else if (!seenAudio) {
                        sessionAddress = address;
                    }
                }
                case 'm' -> {
                    if (seenAudio) {
                        inAudio = false;
                        continue;
                    }
                    String[] parts = value.split(" ");
                    if (parts.length < 4) {
                        throw new SdpException(SdpException.Reason.MALFORMED, "m= line has no formats: '" + value + "'");
                    }
                    if (!parts[0].equals("audio")) {
                        inAudio = false;
                        continue;
                    }
                    if (!parts[2].equals("RTP/AVP")) {
                        throw new SdpException(SdpException.Reason.NO_COMMON_CODEC,
                                "audio transport is " + parts[2] + ", expected RTP/AVP");
                    }
                    port = parseInt(parts[1].split("/")[0], "port", 0, 65535);
                    for (int i = 3; i < parts.length; i++) {
                        formats.add(parseInt(parts[i], "payload type", 0, 127));
                    }
                    inAudio = true;
                    seenAudio = true;
                }
                case 'a' -> {
                    if (inAudio || !seenAudio) {
                        ptime = attribute(value, encodings, ptime, inAudio);
                        if (value.equals("sendrecv") || value.equals("sendonly") || value.equals("recvonly")
                                || value.equals("inactive")) {
                            direction = value;
                        }
                    }
                }
                default -> {
                    // Other lines (o, s, t, b, ...) do not affect a G.711 anchor.
                }
            }
        }
        if (!sawVersion) {
            throw new SdpException(SdpException.Reason.MALFORMED, "SDP has no v=0 line");
        }
        if (!seenAudio) {
            throw new SdpException(SdpException.Reason.MALFORMED, "SDP has no m=audio line");
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (address == null) {
            throw new SdpException(SdpException.Reason.MALFORMED, "SDP has no c= connection address");
        }
        return new SessionDescription(address, port, formats, encodings, ptime, direction);
    }

    private static int attribute(String value, Map<Integer, String> encodings, int ptime, boolean media)
            throws SdpException {
        if (media && value.startsWith("rtpmap:")) {
            String[] parts = value.substring(7).split(" ", 2);
            if (parts.length < 2) {
                throw new SdpException(SdpException.Reason.MALFORMED, "a=rtpmap is not '<pt> <encoding>/<rate>': '" + value + "'");
            }
            int pt = parseInt(parts[0], "payload type", 0, 127);
            String[] encoding = parts[1].split("/");
            if (encoding.length < 2 || !encoding[1].equals("8000")) {
                encodings.put(pt, encoding[0].toUpperCase(Locale.ROOT) + "/" + (encoding.length > 1 ? encoding[1] : "?"));
            } else {
                encodings.put(pt, encoding[0].toUpperCase(Locale.ROOT));
            }
        } else if (value.startsWith("ptime:")) {
            return parseInt(value.substring(6).strip(), "ptime", 1, 1000);
        }
        return ptime;
    }

    private static int parseInt(String text, String what, int min, int max) throws SdpException {
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min || value > max) {
                throw new SdpException(SdpException.Reason.MALFORMED, what + " " + value + " is not in " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new SdpException(SdpException.Reason.MALFORMED, what + " '" + text + "' is not a number");
        }
    }
}

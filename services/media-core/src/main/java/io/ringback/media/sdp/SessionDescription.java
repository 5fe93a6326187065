package io.ringback.media.sdp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parts of an RFC 4566 session description a G.711 media anchor uses: the connection address,
 * the first audio stream's port, payload types, rtpmaps and direction, and every m= line (an answer
 * has one per offered line, RFC 3264 §6). a=ptime is not read: we send 20 ms packets, the
 * RFC 3551 default for G.711, and receive any packet size.
 *
 * @param connectionAddress c= address (media level overrides session level)
 * @param audioPort         m=audio port; 0 means the stream is rejected (RFC 3264 §6)
 * @param payloadTypes      m=audio formats in preference order
 * @param encodings         payload type to upper-case encoding name ("PCMU", "TELEPHONE-EVENT")
 * @param direction         sendrecv, sendonly, recvonly or inactive
 * @param mediaLines        every m= line's value ("video 5006 RTP/AVP 31"), in order
 * @param audioIndex        the index in mediaLines of the audio stream described here
 */
public record SessionDescription(String connectionAddress, int audioPort, List<Integer> payloadTypes,
                                 Map<Integer, String> encodings, String direction, List<String> mediaLines,
                                 int audioIndex) {

    private static final Pattern IP4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IP6 = Pattern.compile("[0-9A-Fa-f:.]+");

    public SessionDescription {
        payloadTypes = List.copyOf(payloadTypes);
        encodings = Map.copyOf(encodings);
        mediaLines = List.copyOf(mediaLines);
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
        List<String> mediaLines = new ArrayList<>();
        int audioIndex = -1;
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
                    String address = ipLiteral(parts[1], parts[2].split("/")[0]);
                    if (inAudio) {
                        mediaAddress = address;
                    } else if (mediaLines.isEmpty()) {
                        sessionAddress = address;
                    }
                }
                case 'm' -> {
                    String[] parts = value.split(" ");
                    if (parts.length < 4) {
                        throw new SdpException(SdpException.Reason.MALFORMED, "m= line has no formats: '" + value + "'");
                    }
                    mediaLines.add(value);
                    if (seenAudio || !parts[0].equals("audio")) {
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
                    audioIndex = mediaLines.size() - 1;
                }
                case 'a' -> {
                    // Session-level attributes (before any m= line) and the audio stream's own.
                    if (inAudio || mediaLines.isEmpty()) {
                        attribute(value, encodings, inAudio);
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
        return new SessionDescription(address, port, formats, encodings, direction, mediaLines, audioIndex);
    }

    private static void attribute(String value, Map<Integer, String> encodings, boolean media)
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
        }
    }

    /**
     * Only IP literals: a host name would be resolved by DNS on the media path (blocking, and a name
     * that does not resolve would fail every send).
     */
    private static String ipLiteral(String addressType, String address) throws SdpException {
        boolean literal;
        if (addressType.equals("IP4")) {
            literal = IP4.matcher(address).matches();
        } else {
            literal = IP6.matcher(address).matches() && address.contains(":") && parsesAsIp6(address);
        }
        if (!literal) {
            throw new SdpException(SdpException.Reason.MALFORMED, "c= address '" + address + "' is not an "
                    + addressType + " address literal (host names are not accepted)");
        }
        return address;
    }

    private static boolean parsesAsIp6(String address) {
        try {
            // A text with ':' is parsed as an IPv6 literal, never looked up in DNS.
            return InetAddress.getByName(address) instanceof Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
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

package io.ringback.signaling.adapter.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The stack's own parser (named by {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}), with the two
 * things it forgives that RFC 4475 does not:
 * <ul>
 *   <li>a request line's SIP version: the parser reads {@code SIP/7.0} as {@code SIP/2.0}; the version
 *       written is kept, so the transaction user answers 505 (RFC 4475 §3.1.2.16);</li>
 *   <li>a second Call-ID, From, To, CSeq, Max-Forwards or Content-Length: the parser keeps the first
 *       and drops the others silently; we refuse the request as malformed, so the stack answers 400 or
 *       drops it (§3.3.8 and §3.3.9: which value is the caller's cannot be known).</li>
 * </ul>
 * Everything else is the stack's parser, unchanged.
 */
public final class StrictMessageParserFactory implements MessageParserFactory {

    /** Headers a request carries at most once (RFC 3261 §7.3.1), by full and compact name. */
    private static final Map<String, String> SINGLE = Map.ofEntries(
            Map.entry("call-id", "Call-ID"), Map.entry("i", "Call-ID"), Map.entry("from", "From"), Map.entry("f", "From"),
            Map.entry("to", "To"), Map.entry("t", "To"), Map.entry("cseq", "CSeq"), Map.entry("max-forwards", "Max-Forwards"),
            Map.entry("content-length", "Content-Length"), Map.entry("l", "Content-Length"));

    private static final Set<Character> FOLD = Set.of(' ', '\t');

    private final StringMsgParserFactory stack = new StringMsgParserFactory();

    @Override
    public MessageParser createMessageParser(SIPTransactionStack sipStack) {
        MessageParser parser = stack.createMessageParser(sipStack);
        return (bytes, readBody, strict, listener) -> checked(bytes, parser.parseSIPMessage(bytes, readBody, strict,
                listener));
    }

    /** The parsed message, its request line's version as written; ParseException for a repeated single header. */
    static SIPMessage checked(byte[] bytes, SIPMessage message) throws ParseException {
        if (!(message instanceof SIPRequest request) || bytes == null) {
            return message;
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = (end < 0 ? text : text.substring(0, end)).split("\r?\n");
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length) {
            return message;
        }
        String requestLine = lines[first].strip();
        String version = requestLine.substring(requestLine.lastIndexOf(' ') + 1);
        if (!"SIP/2.0".equalsIgnoreCase(version)) {
            request.getRequestLine().setSipVersion(version);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = first + 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (line.isEmpty() || FOLD.contains(line.charAt(0)) || colon < 0) {
                continue;
            }
            String header = SINGLE.get(line.substring(0, colon).strip().toLowerCase(Locale.ROOT));
            if (header != null && seen.merge(header, 1, Integer::sum) > 1) {
                throw new ParseException("more than one " + header + " header", i);
            }
        }
        return message;
    }
}

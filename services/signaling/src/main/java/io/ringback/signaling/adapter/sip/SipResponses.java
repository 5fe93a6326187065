package io.ringback.signaling.adapter.sip;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;

import javax.sip.InvalidArgumentException;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.util.HexFormat;

/** The responses our transaction user sends: one place that builds them the way RFC 3261 §8.2.6 asks. */
final class SipResponses {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MessageFactory messages = new MessageFactoryImpl();
    private final HeaderFactory headers = new HeaderFactoryImpl();

    private final AddressFactory addresses = new AddressFactoryImpl();

    HeaderFactory headers() {
        return headers;
    }

    MessageFactory messages() {
        return messages;
    }

    AddressFactory addresses() {
        return addresses;
    }

    /** A final response with a To tag (RFC 3261 §8.2.6.2) and, when given, our own reason phrase. */
    Response finalResponse(int code, Request request, String reason) throws ParseException {
        Response response = messages.createResponse(code, request);
        if (reason != null) {
            response.setReasonPhrase(reason);
        }
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (to.getTag() == null) {
            to.setTag(tag());
        }
        return response;
    }

    /** {@code 100 Trying} (RFC 3261 §8.2.6.1): no To tag, it only stops the peer's retransmissions. */
    Response trying(Request request) throws ParseException {
        return messages.createResponse(Response.TRYING, request);
    }

    /**
     * A final response for {@code code}; a 503 says when to try again (RFC 3261 §21.5.4), rounded up to
     * whole seconds.
     */
    Response refusal(int code, Request request, Duration retryAfter) throws ParseException, InvalidArgumentException {
        Response response = finalResponse(code, request, null);
        if (code == Response.SERVICE_UNAVAILABLE) {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            response.addHeader(headers.createRetryAfterHeader((int) Math.min(seconds, Integer.MAX_VALUE)));
        }
        return response;
    }

    private static String tag() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

package io.ringback.signaling.adapter.sip;

import gov.nist.javax.sip.message.SIPRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;

/**
 * The transaction user's entry: every request the stack's transaction layer hands up. It does the
 * checks RFC 3261 §8.2 asks of every UAS before a method is served, in the RFC's order, and
 * answers each failure with its own code:
 * <ol>
 *   <li>a malformed request the parser let through (CSeq method not the request's, RFC 4475 §3.1.2.17
 *       and §3.1.2.18): 400; a SIP version other than 2.0: 505 (§3.1.2.16);</li>
 *   <li>a method SIP defines that we do not serve: 405 with {@code Allow} (§8.2.1); one we do not
 *       recognise: 501 with {@code Allow};</li>
 *   <li>a Request-URI scheme other than sip/sips: 416 (§8.2.2.1);</li>
 *   <li>a {@code Require} option tag we do not support: 420 with {@code Unsupported} (§8.2.2.3);</li>
 *   <li>a body that is not SDP: 415 with {@code Accept: application/sdp} (§8.2.3).</li>
 * </ol>
 * OPTIONS is answered 200 with what we accept (§11.2): load balancers probe with it. An INVITE is a
 * trigger and a CANCEL ends one: both go to {@link TriggerInvites} in their server transaction. ACK
 * has no response. Requests the parser refused never get here: the stack answers 400 or drops them.
 */
@ApplicationScoped
public class SipRequestHandler implements SipListener {

    private static final Logger LOG = Logger.getLogger(SipRequestHandler.class);

    /** The methods we serve, the Allow header of every 405 and of the OPTIONS answer. */
    static final List<String> ALLOWED = List.of(Request.INVITE, Request.ACK, Request.CANCEL, Request.OPTIONS);

    /**
     * Methods SIP defines that we do not serve: 405 (RFC 3261 §8.2.1); any other method is one we do
     * not recognise: 501 (§21.5.2, RFC 4475 §3.1.1.2 and §3.1.1.5). Both carry {@code Allow}.
     */
    private static final Set<String> KNOWN = Set.of(Request.BYE, Request.REGISTER, Request.PRACK, Request.SUBSCRIBE,
            Request.NOTIFY, Request.PUBLISH, Request.INFO, Request.REFER, Request.MESSAGE, Request.UPDATE);

    private static final Set<String> URI_SCHEMES = Set.of("sip", "sips");

    private final SipResponses responses = new SipResponses();
    private final HeaderFactory headers = responses.headers();
    private final TriggerInvites invites;
    private final OutboundLegs outbound;
    private volatile SipProvider provider;

    public SipRequestHandler(TriggerInvites invites, OutboundLegs outbound) {
        this.invites = invites;
        this.outbound = outbound;
    }

    /** The provider our responses go out on (set once the stack is created, before it starts). */
    void attach(SipProvider sipProvider) {
        this.provider = sipProvider;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (outbound.owns(request)) {
            inDialog(event);
            return;
        }
        if (Request.ACK.equals(request.getMethod())) {
            return; // RFC 3261 §17.2.1: an ACK to a non-2xx final response ends in the transaction layer.
        }
        try {
            Response refusal = refusal(request);
            if (refusal == null && !Request.OPTIONS.equals(request.getMethod())) {
                serve(event);
                return;
            }
            Response answer = refusal != null ? refusal : options(request);
            ServerTransaction transaction;
            try {
                transaction = transaction(event);
            } catch (TransactionUnavailableException e) {
                // The stack will not hold a transaction for a request missing what one needs (a
                // SUBSCRIBE without Contact): the refusal goes out statelessly (RFC 3261 §8.2.7).
                provider.sendResponse(answer);
                return;
            }
            if (transaction != null) {
                transaction.sendResponse(answer);
            }
        } catch (SipException | InvalidArgumentException | ParseException | RuntimeException e) {
            LOG.warnf(e, "SIP %s could not be answered", request.getMethod());
        }
    }

    /** A request in the dialog of a leg we originated (BYE, INFO, re-INVITE ...): the leg's. */
    private void inDialog(RequestEvent event) {
        if (Request.ACK.equals(event.getRequest().getMethod())) {
            outbound.request(event, null);
            return;
        }
        try {
            ServerTransaction transaction = transaction(event);
            if (transaction != null) {
                outbound.request(event, transaction);
            }
        } catch (TransactionUnavailableException e) {
            // The stack holds no transaction for it: answered statelessly (RFC 3261 §8.2.7).
            LOG.debugf("in-dialog %s without a transaction: %s", event.getRequest().getMethod(), e.getMessage());
            outbound.request(event, null);
        } catch (RuntimeException e) {
            LOG.warnf(e, "in-dialog %s not handled", event.getRequest().getMethod());
        }
    }

    /** An INVITE (a trigger) or a CANCEL in its server transaction; a retransmission the layer holds is done. */
    private void serve(RequestEvent event) throws SipException, InvalidArgumentException, ParseException {
        ServerTransaction transaction;
        try {
            transaction = transaction(event);
        } catch (TransactionUnavailableException e) {
            if (Request.INVITE.equals(event.getRequest().getMethod())) {
                invites.inviteStatelessly(event, provider);
            } else {
                provider.sendResponse(response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, event.getRequest(), null));
            }
            return;
        }
        if (transaction == null) {
            return;
        }
        if (Request.INVITE.equals(event.getRequest().getMethod())) {
            invites.invite(event, transaction);
        } else {
            invites.cancel(transaction);
        }
    }

    /** The request's server transaction, or null for a retransmission the transaction layer already holds. */
    private ServerTransaction transaction(RequestEvent event) throws TransactionUnavailableException {
        if (event.getServerTransaction() != null) {
            return event.getServerTransaction();
        }
        try {
            return provider.getNewServerTransaction(event.getRequest());
        } catch (TransactionAlreadyExistsException e) {
            return null;
        }
    }

    /** The §8.2 checks: the first failure's response, or null when the method may be served. */
    private Response refusal(Request request) throws ParseException, InvalidArgumentException {
        String method = request.getMethod();
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        if (!method.equals(cseq.getMethod())) {
            return response(Response.BAD_REQUEST, request, "CSeq method does not match the request method");
        }
        if (request instanceof SIPRequest sip && !"SIP/2.0".equalsIgnoreCase(sip.getRequestLine().getSipVersion())) {
            return response(Response.VERSION_NOT_SUPPORTED, request, null);
        }
        if (!ALLOWED.contains(method)) {
            Response response = response(KNOWN.contains(method) ? Response.METHOD_NOT_ALLOWED : Response.NOT_IMPLEMENTED,
                    request, null);
            allow(response);
            return response;
        }
        if (!URI_SCHEMES.contains(request.getRequestURI().getScheme().toLowerCase())) {
            return response(Response.UNSUPPORTED_URI_SCHEME, request, null);
        }
        List<String> unsupported = new ArrayList<>();
        for (ListIterator<?> required = request.getHeaders(RequireHeader.NAME); required.hasNext(); ) {
            unsupported.add(((RequireHeader) required.next()).getOptionTag());
        }
        if (!unsupported.isEmpty()) {
            Response response = response(Response.BAD_EXTENSION, request, null);
            for (String tag : unsupported) {
                response.addHeader(headers.createUnsupportedHeader(tag));
            }
            return response;
        }
        if (request.getRawContent() != null && request.getRawContent().length > 0 && !sdp(request)) {
            Response response = response(Response.UNSUPPORTED_MEDIA_TYPE, request, null);
            response.addHeader(headers.createAcceptHeader("application", "sdp"));
            return response;
        }
        return null;
    }

    /** Whether the request's body is declared SDP (RFC 3261 §8.2.3: a body we do not understand is 415). */
    private static boolean sdp(Request request) {
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        return type != null && "application".equalsIgnoreCase(type.getContentType())
                && "sdp".equalsIgnoreCase(type.getContentSubType());
    }

    /** RFC 3261 §11.2: 200 with what a request to us may carry. */
    private Response options(Request request) throws ParseException, InvalidArgumentException {
        Response response = response(Response.OK, request, null);
        allow(response);
        response.addHeader(headers.createAcceptHeader("application", "sdp"));
        return response;
    }

    private void allow(Response response) throws ParseException {
        for (String method : ALLOWED) {
            response.addHeader(headers.createAllowHeader(method));
        }
    }

    private Response response(int code, Request request, String reason) throws ParseException {
        return responses.finalResponse(code, request, reason);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        // Responses answer the legs we originate; any other is stray and dropped.
        if (outbound.owns(event.getResponse())) {
            outbound.response(event);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        LOG.debugf("SIP transaction timed out: %s", event.getTimeout());
        outbound.timeout(event);
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debugf("SIP transport error towards %s:%d/%s", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // Transactions keep no state of ours.
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // No dialogs: a trigger is refused inside its transaction, never answered.
    }
}

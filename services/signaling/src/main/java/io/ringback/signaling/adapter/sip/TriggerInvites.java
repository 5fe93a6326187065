package io.ringback.signaling.adapter.sip;

import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.ServerTransactionExt;
import gov.nist.javax.sip.header.ims.PAssertedIdentityHeader;
import io.micrometer.core.instrument.Timer;
import io.ringback.signaling.adapter.metrics.TriggerMetrics;
import io.ringback.signaling.config.SignalingConfig;
import io.ringback.signaling.core.trigger.Trigger;
import io.ringback.signaling.core.trigger.TriggerAnswer;
import io.ringback.signaling.core.trigger.TriggerHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.SipURI;
import javax.sip.address.TelURL;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderAddress;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trigger over SIP (domain §1 steps 1 to 4): an INVITE to a DID gets {@code 100 Trying} at once,
 * then the {@link TriggerHandler}'s final response, never a 2xx. The handler may wait on accounts and
 * the database, so it runs on a bounded pool of its own, not on the stack's threads; when every worker
 * is busy and the queue is full the trigger is refused {@code 503} with {@code Retry-After} at once.
 *
 * <p>A CANCEL before our final response (RFC 3261 §9.2) gets {@code 200}, the INVITE {@code 487}, and
 * the handler's answer, when it comes, is not sent. The trigger itself is not withdrawn: a user who
 * rings the access number and hangs up is asking for the callback (decision 0008). Retransmissions of
 * the INVITE are the transaction layer's (it repeats our last response); a second INVITE from the same
 * caller is the job store's (one open job per caller).
 */
@ApplicationScoped
public class TriggerInvites {

    private static final Logger LOG = Logger.getLogger(TriggerInvites.class);

    /** The MDC key of the SIP Call-ID in every log line about a trigger. */
    static final String CALL_ID = "sipCallId";
    /** The MDC key of the callback session an accepted trigger created. */
    static final String SESSION_ID = "sessionId";

    private final TriggerHandler handler;
    private final TriggerMetrics metrics;
    private final Duration retryAfter;
    private final ThreadPoolExecutor workers;
    private final SipResponses responses = new SipResponses();

    public TriggerInvites(TriggerHandler handler, TriggerMetrics metrics, SignalingConfig config) {
        this.handler = handler;
        this.metrics = metrics;
        this.retryAfter = config.sip().retryAfter();
        int size = config.sip().triggerWorkers();
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.sip().triggerQueue())), runnable -> {
                    Thread thread = new Thread(runnable, "sip-trigger-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Where an INVITE's responses go: its server transaction, or the provider statelessly. */
    @FunctionalInterface
    interface Responder {
        void send(Response response) throws SipException, InvalidArgumentException;
    }

    /** A new INVITE that passed the RFC 3261 §8.2 checks, in its server transaction. */
    void invite(RequestEvent event, ServerTransaction transaction) throws SipException, InvalidArgumentException,
            ParseException {
        AtomicBoolean answered = new AtomicBoolean();
        // Set before the 100 goes out: a CANCEL sent on its receipt finds the INVITE's state.
        transaction.setApplicationData(answered);
        invite(event, transaction::sendResponse, answered);
    }

    /**
     * An INVITE the stack holds no transaction for (an RFC 2543 request without a branch, RFC 4475
     * §3.4.1): answered statelessly, so no CANCEL can match it and a retransmission is a new trigger
     * (which the job store's unique index keeps from making a second job).
     */
    void inviteStatelessly(RequestEvent event, SipProvider provider) throws SipException, InvalidArgumentException,
            ParseException {
        invite(event, provider::sendResponse, new AtomicBoolean());
    }

    private void invite(RequestEvent event, Responder responder, AtomicBoolean answered) throws SipException,
            InvalidArgumentException, ParseException {
        Timer.Sample received = metrics.received();
        Request request = event.getRequest();
        responder.send(responses.trying(request));
        Trigger trigger = trigger(event);
        try {
            workers.execute(() -> answer(request, responder, trigger, answered, received));
        } catch (RejectedExecutionException e) {
            MDC.put(CALL_ID, trigger.callId());
            try {
                LOG.warn("SIP trigger refused: every trigger worker is busy");
                finish(request, responder, Response.SERVICE_UNAVAILABLE, answered);
                metrics.answered(received, TriggerMetrics.OVERLOADED);
            } finally {
                MDC.remove(CALL_ID);
            }
        }
    }

    /** A CANCEL in its own server transaction: 200 to it, and 487 to its INVITE unless that was answered. */
    void cancel(ServerTransaction transaction) throws SipException, InvalidArgumentException, ParseException {
        Request cancel = transaction.getRequest();
        ServerTransaction invite = transaction instanceof ServerTransactionExt ext
                ? ext.getCanceledInviteTransaction() : null;
        if (invite == null) {
            transaction.sendResponse(responses.finalResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, cancel, null));
            return;
        }
        transaction.sendResponse(responses.finalResponse(Response.OK, cancel, null));
        if (invite.getApplicationData() instanceof AtomicBoolean answered) {
            finish(invite.getRequest(), invite::sendResponse, Response.REQUEST_TERMINATED, answered);
        }
    }

    /** Stops taking triggers and lets those at work finish (the stack still sends their answers). */
    void drain(Duration grace) {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("SIP triggers still at work after %d ms at stop", grace.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(Request request, Responder responder, Trigger trigger, AtomicBoolean answered,
                        Timer.Sample received) {
        MDC.put(CALL_ID, trigger.callId());
        try {
            TriggerAnswer answer = handler.handle(trigger);
            if (answer.sessionId() != null) {
                MDC.put(SESSION_ID, answer.sessionId().toString());
                LOG.infof("SIP trigger from %s to %s accepted: callback session %s", trigger.sourceAddress(),
                        trigger.didUser(), answer.sessionId());
            } else {
                LOG.debugf("SIP trigger from %s to %s: %s, %d", trigger.sourceAddress(), trigger.didUser(),
                        answer.outcome().label(), answer.sipCode());
            }
            finish(request, responder, answer.sipCode(), answered);
            metrics.answered(received, answer.outcome());
        } catch (RuntimeException e) {
            LOG.error("SIP trigger failed", e);
            finish(request, responder, Response.SERVER_INTERNAL_ERROR, answered);
            metrics.answered(received, TriggerMetrics.FAILED);
        } finally {
            MDC.remove(CALL_ID);
            MDC.remove(SESSION_ID);
        }
    }

    /** Sends the INVITE's final response unless another (the CANCEL's 487) was sent first. */
    private void finish(Request request, Responder responder, int code, AtomicBoolean answered) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        try {
            responder.send(responses.refusal(code, request, retryAfter));
        } catch (SipException | InvalidArgumentException | ParseException | RuntimeException e) {
            LOG.warnf(e, "SIP trigger answer %d could not be sent", code);
        }
    }

    /** What the trigger rules read of the INVITE; the source is the packet's, never a header's. */
    private static Trigger trigger(RequestEvent event) {
        Request request = event.getRequest();
        String source = event instanceof RequestEventExt ext ? ext.getRemoteIpAddress() : null;
        List<String> asserted = new ArrayList<>();
        for (ListIterator<?> values = request.getHeaders(PAssertedIdentityHeader.NAME); values.hasNext(); ) {
            if (values.next() instanceof HeaderAddress identity && identity.getAddress() != null) {
                String number = user(identity.getAddress().getURI());
                if (number != null) {
                    asserted.add(number);
                }
            }
        }
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        String fromUser = from == null || from.getAddress() == null ? null : user(from.getAddress().getURI());
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return new Trigger(user(request.getRequestURI()), source, asserted, fromUser,
                callId == null ? null : callId.getCallId());
    }

    /** A sip/sips URI's user part, or a tel URL's number ({@code +} when global); null otherwise. */
    private static String user(URI uri) {
        if (uri instanceof SipURI sip) {
            return sip.getUser();
        }
        if (uri instanceof TelURL tel) {
            return (tel.isGlobal() ? "+" : "") + tel.getPhoneNumber();
        }
        return null;
    }
}

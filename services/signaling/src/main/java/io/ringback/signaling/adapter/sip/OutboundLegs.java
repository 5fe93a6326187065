package io.ringback.signaling.adapter.sip;

import io.ringback.signaling.config.SignalingConfig;
import io.ringback.signaling.core.callback.Command;
import io.ringback.signaling.core.callback.Event;
import io.ringback.signaling.core.sip.DigestChallenge;
import io.ringback.signaling.core.sip.DigestClient;
import io.ringback.signaling.core.sip.DigestException;
import io.ringback.signaling.core.sip.DtmfInfo;
import io.ringback.signaling.core.sip.SessionTimer;
import io.ringback.signaling.core.sip.SipCauses;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user agent client of the legs we originate (leg A to the user, leg B to the destination),
 * on the service's one SIP stack (decision 0008): the callback machine's SIP commands
 * ({@link Command.DialLeg}, {@link Command.CancelLeg}, {@link Command.HangUpLeg},
 * {@link Command.AnswerReInvite}, {@link Command.RejectReInvite}) become SIP transactions, and what the trunk answers comes back
 * to the leg's {@link LegListener} as the machine's events.
 *
 * <ul>
 *   <li>INVITE to the gateway's host, port and transport; Request-URI user = the called number
 *       after the gateway's {@code TrunkNumbering}; From = the presented caller id; a new Call-ID;
 *       our Contact; the SDP offer given. Reported: {@link Event.LegDialed}.</li>
 *   <li>100/180/183 reported as {@link Event.Provisional} (183's SDP is early media).</li>
 *   <li>401/407 answered once with digest credentials ({@code Authorization} /
 *       {@code Proxy-Authorization}, CSeq + 1); again only when the new challenge says
 *       {@code stale=true}. A challenge we cannot answer, or a second refusal, is the leg's failure.</li>
 *   <li>2xx: ACK (a retransmitted 2xx gets the same ACK again), {@link Event.Answered}. A 2xx without
 *       SDP is ACKed and hung up at once with {@code Reason: SIP;cause=488} and reported as
 *       {@link Event.Answered} without SDP (the machine records the media negotiation failure).</li>
 *   <li>Any other final response, or no final response (Timer B): {@link Event.Failed} with the
 *       code (408 for a timeout) and its Q.850 cause.</li>
 *   <li>{@code cancel}: CANCEL once a provisional response has come (RFC 3261 §9.1), at once when it
 *       has; a 2xx crossing our CANCEL is ACKed, hung up with BYE and reported {@link Event.Answered}.</li>
 *   <li>{@code hangUp}: BYE with {@code Reason: Q.850;cause=N}; CANCEL when not yet answered.</li>
 *   <li>The far end's BYE: 200, {@link Event.RemoteHangup} (the cause of its {@code Reason: Q.850}
 *       header, else 16). INFO with a DTMF body: 200 and {@link Event.InfoDigit}; a body that is no
 *       key press: 400 (415 for another content type). A re-INVITE: {@link Event.ReInvite}, answered
 *       200 with the SDP of {@code answerReInvite}, or refused with {@code rejectReInvite}'s code.</li>
 *   <li>RFC 4028 session timers: every INVITE says {@code Supported: timer}, {@code Session-Expires}
 *       (the configured interval, {@code refresher=uac}) and {@code Min-SE: 90}; a 422 raises the
 *       interval to its {@code Min-SE} and the INVITE goes again (once per larger value). The 2xx's
 *       {@code Session-Expires} settles it: when we refresh, an UPDATE (a re-INVITE with our offer when
 *       the far end does not allow UPDATE) goes at half the interval; when the far end refreshes, its
 *       re-INVITE or UPDATE counts. A session not refreshed in time (signaling-core
 *       {@code SessionTimer}), or a refresh answered 408/481, is hung up (BYE, {@code Reason:
 *       Q.850;cause=102}) and reported {@link Event.SessionTimerExpired}. The timers are checked
 *       every second against the injected clock ({@link #tick}, stepped by hand in tests).</li>
 * </ul>
 * Dialog state (tags, route set, remote target, CSeq) is kept here, RFC 3261 §12, since the stack
 * runs without automatic dialogs. Listener calls run on this class's own workers.
 */
@ApplicationScoped
public class OutboundLegs {

    private static final Logger LOG = Logger.getLogger(OutboundLegs.class);
    private static final Pattern Q850 = Pattern.compile("(?i)Q\\.850\\s*;\\s*cause\\s*=\\s*([0-9]{1,3})");

    private final SignalingConfig.Sip config;
    private final GatewayTrunks trunks;
    private final SipResponses responses = new SipResponses();
    private final HeaderFactory headers = responses.headers();
    private final MessageFactory messages = responses.messages();
    private final AddressFactory addresses = responses.addresses();
    private final DigestClient digest = new DigestClient();
    private final Map<UUID, OutboundLeg> legs = new ConcurrentHashMap<>();
    private final Map<String, OutboundLeg> byCallId = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private volatile SipProvider provider;

    public OutboundLegs(SignalingConfig config, GatewayTrunks trunks, Clock clock) {
        this.config = config.sip();
        this.trunks = trunks;
        this.clock = clock;
        new SessionTimer(this.config.sessionExpires()); // a configured interval below 90 s stops the start here
        this.workers = Executors.newFixedThreadPool(Math.max(2, this.config.triggerWorkers()), runnable -> {
            Thread thread = new Thread(runnable, "sip-legs");
            thread.setDaemon(true);
            return thread;
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sip-session-timers");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The provider legs go out on (the one of {@link SipServer}). */
    void attach(SipProvider sipProvider) {
        this.provider = sipProvider;
        timers.scheduleWithFixedDelay(() -> tick(clock.instant()), 1, 1, TimeUnit.SECONDS);
    }

    /** Stops the listener workers; legs still up are the stack's to drop. */
    void stop() {
        timers.shutdownNow();
        workers.shutdown();
    }

    /** Refreshes the sessions whose refresh is due at {@code now} and ends those that died. */
    void tick(Instant now) {
        for (OutboundLeg leg : legs.values()) {
            synchronized (leg) {
                if (leg.state != LegPhase.CONFIRMED) {
                    continue;
                }
                SessionTimer.Due due = leg.timer.due(now);
                if (due == SessionTimer.Due.EXPIRED) {
                    expired(leg);
                } else if (due == SessionTimer.Due.REFRESH && leg.refreshSentAt == null) {
                    refresh(leg, now);
                }
            }
        }
    }

    /** Whether a refresh of ours is waiting for its answer (what a test waits on between steps). */
    boolean refreshing(UUID legId) {
        OutboundLeg leg = legs.get(legId);
        if (leg == null) {
            return false;
        }
        synchronized (leg) {
            return leg.refreshSentAt != null;
        }
    }

    /** How many legs we hold a dialog or transaction for. */
    public int active() {
        return legs.size();
    }

    /**
     * Sends the INVITE of {@code dial}. What follows reaches {@code listener}; a leg that cannot be
     * sent (no such gateway, a number the gateway's rules cannot write, a transport error) is
     * reported {@link Event.Failed} 500 (cause 41), which fails over to the next route.
     */
    public void dial(Command.DialLeg dial, LegListener listener) {
        OutboundLeg leg = new OutboundLeg(dial.legId(), listener);
        try {
            Optional<Trunk> trunk = gatewayId(dial.gatewayId()).flatMap(trunks::trunk);
            if (trunk.isEmpty()) {
                throw new IllegalArgumentException("no enabled gateway " + dial.gatewayId());
            }
            synchronized (leg) {
                leg.trunk = trunk.get();
                leg.sentNumber = leg.trunk.numbering().requestUser(dial.calledNumber());
                leg.callId = provider.getNewCallId().getCallId();
                leg.localTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
                leg.sdpOffer = dial.sdpOffer();
                leg.callerNumber = dial.callerNumber();
                leg.timer = new SessionTimer(config.sessionExpires());
                legs.put(leg.id, leg);
                byCallId.put(leg.callId, leg);
                Request invite = invite(leg, null);
                send(leg, invite);
                report(leg, new Event.LegDialed(leg.id, leg.callId, leg.sentNumber));
            }
        } catch (IllegalArgumentException | ParseException | InvalidArgumentException | SipException e) {
            LOG.warnf("leg %s not sent: %s", dial.legId(), e.getMessage());
            forget(leg);
            report(leg, new Event.Failed(leg.id, Response.SERVER_INTERNAL_ERROR, SipCauses.q850(Response.SERVER_INTERNAL_ERROR)));
        }
    }

    /**
     * Executes one of the callback machine's SIP commands ({@code DialLeg}, {@code CancelLeg},
     * {@code HangUpLeg}, {@code AnswerReInvite}, {@code RejectReInvite}); the leg's events go to
     * {@code listener} (the listener given to {@code DialLeg} stays the leg's).
     *
     * @throws IllegalArgumentException for a command that is not SIP's
     */
    public void execute(Command command, LegListener listener) {
        if (command instanceof Command.DialLeg dial) {
            dial(dial, listener);
        } else if (command instanceof Command.CancelLeg cancel) {
            cancel(cancel.legId());
        } else if (command instanceof Command.HangUpLeg hangUp) {
            hangUp(hangUp.legId(), hangUp.q850Cause());
        } else if (command instanceof Command.AnswerReInvite answer) {
            answerReInvite(answer.legId(), answer.sdp());
        } else if (command instanceof Command.RejectReInvite reject) {
            rejectReInvite(reject.legId(), reject.sipCode());
        } else {
            throw new IllegalArgumentException("not a SIP command: " + command);
        }
    }

    /** Cancels an unanswered leg: CANCEL now if the trunk has answered provisionally, else at its first provisional. */
    public void cancel(UUID legId) {
        OutboundLeg leg = legs.get(legId);
        if (leg == null) {
            return;
        }
        synchronized (leg) {
            cancelLocked(leg);
        }
    }

    /** Hangs up: BYE with the Q.850 cause on an answered leg, CANCEL on one still ringing. */
    public void hangUp(UUID legId, int q850Cause) {
        OutboundLeg leg = legs.get(legId);
        if (leg == null) {
            return;
        }
        synchronized (leg) {
            if (leg.state == LegPhase.CONFIRMED) {
                bye(leg, "Q.850;cause=" + q850Cause);
            } else {
                cancelLocked(leg);
            }
        }
    }

    /** Answers the far end's pending re-INVITE with media's SDP (200 OK). */
    public void answerReInvite(UUID legId, String sdp) {
        OutboundLeg leg = legs.get(legId);
        if (leg == null) {
            return;
        }
        synchronized (leg) {
            ServerTransaction pending = leg.pendingReInvite;
            leg.pendingReInvite = null;
            if (pending == null) {
                return;
            }
            try {
                Response ok = messages.createResponse(Response.OK, pending.getRequest());
                ok.addHeader(contact(leg));
                refreshedByFarEnd(leg, pending.getRequest(), ok);
                ok.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
                pending.sendResponse(ok);
            } catch (ParseException | SipException | InvalidArgumentException e) {
                LOG.warnf("re-INVITE of leg %s not answered: %s", legId, e.getMessage());
            }
        }
    }

    /** Refuses the far end's pending re-INVITE with {@code sipCode} (488 when media cannot use its offer). */
    public void rejectReInvite(UUID legId, int sipCode) {
        OutboundLeg leg = legs.get(legId);
        if (leg == null) {
            return;
        }
        synchronized (leg) {
            ServerTransaction pending = leg.pendingReInvite;
            leg.pendingReInvite = null;
            if (pending == null) {
                return;
            }
            try {
                respond(pending.getRequest(), pending, sipCode);
            } catch (ParseException | SipException | InvalidArgumentException e) {
                LOG.warnf("re-INVITE of leg %s not refused: %s", legId, e.getMessage());
            }
        }
    }

    /** Whether a request belongs to one of our legs' dialogs (same Call-ID). */
    boolean owns(Request request) {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return callId != null && byCallId.containsKey(callId.getCallId());
    }

    /**
     * A request inside one of our legs' dialogs (BYE, INFO, re-INVITE, ACK, CANCEL, OPTIONS), in its
     * server transaction; null: answered statelessly (an ACK, or one the stack holds no transaction for).
     */
    void request(RequestEvent event, ServerTransaction transaction) {
        Request request = event.getRequest();
        OutboundLeg leg = byCallId.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        if (leg == null) {
            return;
        }
        synchronized (leg) {
            try {
                switch (request.getMethod()) {
                    case Request.ACK -> {
                        // The ACK of our 200 to a re-INVITE: nothing to do.
                    }
                    case Request.BYE -> {
                        respond(request, transaction, Response.OK);
                        forget(leg);
                        report(leg, new Event.RemoteHangup(leg.id, cause(request).orElse(SipCauses.NORMAL_CLEARING)));
                    }
                    case Request.INFO -> info(leg, request, transaction);
                    case Request.INVITE -> {
                        if (transaction == null) {
                            respond(request, null, Response.SERVER_INTERNAL_ERROR);
                        } else {
                            leg.pendingReInvite = transaction;
                            report(leg, new Event.ReInvite(leg.id, body(request)));
                        }
                    }
                    case Request.UPDATE -> update(leg, request, transaction);
                    case Request.OPTIONS -> respond(request, transaction, Response.OK);
                    default -> respond(request, transaction, Response.METHOD_NOT_ALLOWED);
                }
            } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
                LOG.warnf(e, "%s on leg %s not answered", request.getMethod(), leg.id);
            }
        }
    }

    /** Whether a response belongs to one of our legs. */
    boolean owns(Response response) {
        CallIdHeader callId = (CallIdHeader) response.getHeader(CallIdHeader.NAME);
        return callId != null && byCallId.containsKey(callId.getCallId());
    }

    /** A response to a request of ours. */
    void response(ResponseEvent event) {
        Response response = event.getResponse();
        OutboundLeg leg = byCallId.get(((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId());
        if (leg == null) {
            return;
        }
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        boolean refresh = Request.UPDATE.equals(cseq.getMethod())
                || Request.INVITE.equals(cseq.getMethod()) && cseq.getSeqNumber() == leg.refreshSeq;
        if (!refresh && !Request.INVITE.equals(cseq.getMethod())) {
            return; // BYE and CANCEL answers change nothing: the leg is over or its INVITE will say.
        }
        synchronized (leg) {
            try {
                if (refresh) {
                    refreshAnswered(leg, response, cseq);
                    return;
                }
                invited(leg, response, cseq.getSeqNumber());
            } catch (ParseException | SipException | InvalidArgumentException e) {
                LOG.warnf("response %d on leg %s not handled: %s", response.getStatusCode(), leg.id, e.getMessage());
            }
        }
    }

    /** A client transaction of ours timed out: for an INVITE the leg failed (408). */
    void timeout(TimeoutEvent event) {
        ClientTransaction transaction = event.getClientTransaction();
        if (transaction == null || !Request.INVITE.equals(transaction.getRequest().getMethod())) {
            return;
        }
        OutboundLeg leg = byCallId.get(((CallIdHeader) transaction.getRequest().getHeader(CallIdHeader.NAME)).getCallId());
        if (leg == null) {
            return;
        }
        synchronized (leg) {
            if (leg.invite == transaction && leg.state != LegPhase.CONFIRMED) {
                forget(leg);
                report(leg, new Event.Failed(leg.id, Response.REQUEST_TIMEOUT, SipCauses.q850(Response.REQUEST_TIMEOUT)));
            }
        }
    }

    private void invited(OutboundLeg leg, Response response, long seq)
            throws ParseException, SipException, InvalidArgumentException {
        int code = response.getStatusCode();
        if (seq != leg.inviteSeq) {
            return; // an answer to the INVITE our authenticated one replaced
        }
        if (code < 200) {
            if (leg.state == LegPhase.CONFIRMED || leg.state == LegPhase.ENDED) {
                return; // the stack's pool handed it up after the final response: too late to matter
            }
            if (leg.state == LegPhase.CALLING) {
                leg.state = LegPhase.PROCEEDING;
                if (leg.cancelled) {
                    sendCancel(leg);
                    return;
                }
            }
            if (!leg.cancelled) {
                report(leg, new Event.Provisional(leg.id, code, body(response)));
            }
            return;
        }
        if (code < 300) {
            answered(leg, response);
            return;
        }
        if (leg.state == LegPhase.CONFIRMED) {
            return;
        }
        if (code == 422 && !leg.cancelled && leg.timer.raiseTo(header(response, "Min-SE"))) {
            send(leg, invite(leg, leg.authorization));
            return;
        }
        if ((code == Response.UNAUTHORIZED || code == Response.PROXY_AUTHENTICATION_REQUIRED) && !leg.cancelled
                && authenticate(leg, response)) {
            return;
        }
        forget(leg);
        report(leg, new Event.Failed(leg.id, code, SipCauses.q850(code)));
    }

    private void answered(OutboundLeg leg, Response response) throws ParseException, SipException, InvalidArgumentException {
        if (leg.ack != null) {
            if (leg.state == LegPhase.CONFIRMED) {
                provider.sendRequest((Request) leg.ack.clone()); // a retransmitted 2xx: our ACK was lost
            }
            return;
        }
        leg.remoteTag = ((ToHeader) response.getHeader(ToHeader.NAME)).getTag();
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        leg.remoteTarget = contact != null ? contact.getAddress().getURI() : leg.invite.getRequest().getRequestURI();
        List<Address> routes = new ArrayList<>();
        for (ListIterator<?> it = response.getHeaders(RecordRouteHeader.NAME); it.hasNext(); ) {
            routes.add(0, ((RecordRouteHeader) it.next()).getAddress());
        }
        leg.routeSet = routes;
        leg.ack = inDialog(leg, Request.ACK, leg.inviteSeq);
        provider.sendRequest((Request) leg.ack.clone());
        leg.state = LegPhase.CONFIRMED;
        String sdp = body(response);
        if (leg.cancelled) {
            bye(leg, "SIP;cause=487;text=\"Cancelled\"");
        } else if (sdp == null) {
            bye(leg, "SIP;cause=488;text=\"No SDP in the answer\"");
        } else {
            leg.allowsUpdate = allows(response, Request.UPDATE);
            try {
                leg.timer.answered(header(response, "Session-Expires"), clock.instant());
            } catch (IllegalArgumentException e) {
                LOG.infof("leg %s: no session timer, the answer's %s", leg.id, e.getMessage());
                leg.timer.answered(null, clock.instant());
            }
        }
        // The machine hears of every answer (one that crossed our CANCEL, one without SDP: it records
        // them); its HangUpLeg for a leg already hung up here finds nothing to do.
        report(leg, new Event.Answered(leg.id, sdp));
    }

    /** Answers a 401/407 with credentials; false when the leg fails instead. */
    private boolean authenticate(OutboundLeg leg, Response response) throws ParseException, SipException, InvalidArgumentException {
        boolean proxy = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        Header challengeHeader = response.getHeader(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        if (challengeHeader == null) {
            return false;
        }
        String value = challengeHeader.toString();
        value = value.substring(value.indexOf(':') + 1).strip();
        try {
            DigestChallenge challenge = DigestChallenge.parse(value);
            if (leg.authAnswers > 0 && !challenge.stale()) {
                LOG.infof("leg %s: the trunk refused our credentials (%d)", leg.id, response.getStatusCode());
                return false;
            }
            String uri = leg.invite.getRequest().getRequestURI().toString();
            String answer = digest.authorization(challenge, leg.trunk.credentials(), Request.INVITE, uri);
            leg.authAnswers++;
            leg.authorization = headers.createHeader(proxy ? "Proxy-Authorization" : AuthorizationHeader.NAME, answer);
            send(leg, invite(leg, leg.authorization));
            return true;
        } catch (DigestException e) {
            LOG.infof("leg %s: %s", leg.id, e.getMessage());
            return false;
        }
    }

    /** Our refresh: UPDATE when the far end allows it, else a re-INVITE with our offer again. */
    private void refresh(OutboundLeg leg, Instant now) {
        try {
            String method = leg.allowsUpdate ? Request.UPDATE : Request.INVITE;
            Request request = inDialog(leg, method, ++leg.localSeq);
            request.addHeader(contact(leg));
            request.addHeader(headers.createHeader("Supported", "timer"));
            request.addHeader(headers.createHeader("Session-Expires", leg.timer.interval().toSeconds() + ";refresher=uac"));
            if (Request.INVITE.equals(method)) {
                request.setContent(leg.sdpOffer, headers.createContentTypeHeader("application", "sdp"));
                leg.refreshSeq = leg.localSeq;
            }
            leg.refreshSentAt = now;
            provider.getNewClientTransaction(request).sendRequest();
        } catch (ParseException | SipException | InvalidArgumentException e) {
            LOG.warnf("session refresh of leg %s not sent: %s", leg.id, e.getMessage());
        }
    }

    /** The answer to our refresh: a 2xx refreshes (a re-INVITE's is ACKed); 408 or 481 means the dialog is gone. */
    private void refreshAnswered(OutboundLeg leg, Response response, CSeqHeader cseq)
            throws ParseException, SipException, InvalidArgumentException {
        int code = response.getStatusCode();
        if (code < 200 || leg.state != LegPhase.CONFIRMED || leg.refreshSentAt == null) {
            return;
        }
        if (code < 300) {
            if (Request.INVITE.equals(cseq.getMethod())) {
                Request ack = inDialog(leg, Request.ACK, cseq.getSeqNumber());
                provider.sendRequest(ack);
            }
            leg.timer.refreshed(leg.refreshSentAt);
            leg.refreshSentAt = null;
        } else if (code == Response.REQUEST_TIMEOUT || code == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST) {
            expired(leg);
        }
        // Any other refusal leaves the session to its expiry: no refresh again before then.
    }

    /** The session died: BYE and the leg reported dead. */
    private void expired(OutboundLeg leg) {
        bye(leg, "Q.850;cause=102;text=\"Session timer expired\"");
        report(leg, new Event.SessionTimerExpired(leg.id));
    }

    /** The far end's UPDATE: without a body a session refresh (200); we take no offer in an UPDATE (488). */
    private void update(OutboundLeg leg, Request request, ServerTransaction transaction)
            throws ParseException, SipException, InvalidArgumentException {
        if (body(request) != null) {
            respond(request, transaction, Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        Response ok = responses.finalResponse(Response.OK, request, null);
        ok.addHeader(contact(leg));
        refreshedByFarEnd(leg, request, ok);
        send(transaction, ok);
    }

    /** A re-INVITE or UPDATE of the far end refreshes the session; our 200 confirms its interval. */
    private void refreshedByFarEnd(OutboundLeg leg, Request request, Response ok) throws ParseException {
        String expires = header(request, "Session-Expires");
        if (expires == null || !leg.timer.running()) {
            return;
        }
        try {
            leg.timer.answered(expires.contains("refresher") ? expires : expires + ";refresher=uas", clock.instant());
            ok.addHeader(headers.createHeader("Session-Expires", expires.contains("refresher") ? expires
                    : expires + ";refresher=uas"));
            ok.addHeader(headers.createHeader("Require", "timer"));
        } catch (IllegalArgumentException e) {
            leg.timer.refreshed(clock.instant());
        }
    }

    private void info(OutboundLeg leg, Request request, ServerTransaction transaction)
            throws ParseException, SipException, InvalidArgumentException {
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        String contentType = type == null ? null : type.getContentType() + "/" + type.getContentSubType();
        DtmfInfo digit;
        try {
            digit = DtmfInfo.parse(contentType, body(request));
        } catch (IllegalArgumentException e) {
            boolean dtmf = contentType != null && contentType.toLowerCase().startsWith("application/dtmf");
            send(transaction, responses.finalResponse(dtmf ? Response.BAD_REQUEST : Response.UNSUPPORTED_MEDIA_TYPE,
                    request, dtmf ? e.getMessage() : null));
            return;
        }
        respond(request, transaction, Response.OK);
        report(leg, new Event.InfoDigit(leg.id, digit.key()));
    }

    /** With the leg's monitor held: CANCEL now if it may go out, else at the first provisional. */
    private void cancelLocked(OutboundLeg leg) {
        leg.cancelled = true;
        if (leg.state == LegPhase.PROCEEDING) {
            sendCancel(leg);
        }
    }

    private void sendCancel(OutboundLeg leg) {
        try {
            Request cancel = leg.invite.createCancel();
            provider.getNewClientTransaction(cancel).sendRequest();
        } catch (SipException e) {
            LOG.warnf("CANCEL of leg %s not sent: %s", leg.id, e.getMessage());
        }
    }

    private void bye(OutboundLeg leg, String reason) {
        try {
            Request bye = inDialog(leg, Request.BYE, ++leg.localSeq);
            bye.addHeader(headers.createHeader("Reason", reason));
            provider.getNewClientTransaction(bye).sendRequest();
        } catch (ParseException | SipException | InvalidArgumentException e) {
            LOG.warnf("BYE of leg %s not sent: %s", leg.id, e.getMessage());
        }
        leg.state = LegPhase.ENDED;
        forget(leg);
    }

    private Request invite(OutboundLeg leg, Header authorization) throws ParseException, InvalidArgumentException {
        Trunk trunk = leg.trunk;
        SipURI target = addresses.createSipURI(leg.sentNumber, trunk.host());
        target.setPort(trunk.port());
        if ("tcp".equals(trunk.transport())) {
            target.setTransportParam("tcp");
        }
        leg.inviteSeq = ++leg.localSeq;
        SipURI fromUri = addresses.createSipURI(leg.callerNumber, localHost());
        Request invite = messages.createRequest(target, Request.INVITE, headers.createCallIdHeader(leg.callId),
                headers.createCSeqHeader(leg.inviteSeq, Request.INVITE),
                headers.createFromHeader(addresses.createAddress(fromUri), leg.localTag),
                headers.createToHeader(addresses.createAddress(addresses.createSipURI(leg.sentNumber, trunk.host())), null),
                List.of(via(trunk.transport())), headers.createMaxForwardsHeader(70),
                headers.createContentTypeHeader("application", "sdp"), leg.sdpOffer.getBytes(StandardCharsets.UTF_8));
        invite.addHeader(contact(leg));
        invite.addHeader(headers.createHeader("Supported", "timer"));
        invite.addHeader(headers.createHeader("Session-Expires", leg.timer.requestHeader()));
        invite.addHeader(headers.createHeader("Min-SE", leg.timer.minSeHeader()));
        if (authorization != null) {
            invite.addHeader(authorization);
        }
        return invite;
    }

    private void send(OutboundLeg leg, Request invite) throws SipException {
        ClientTransaction transaction = provider.getNewClientTransaction(invite);
        leg.invite = transaction;
        leg.state = LegPhase.CALLING;
        transaction.sendRequest();
    }

    /** A request in the leg's dialog (RFC 3261 §12.2.1.1), for ACK with the INVITE's CSeq number. */
    private Request inDialog(OutboundLeg leg, String method, long seq) throws ParseException, InvalidArgumentException {
        Request invite = leg.invite.getRequest();
        ToHeader to = (ToHeader) ((ToHeader) invite.getHeader(ToHeader.NAME)).clone();
        to.setTag(leg.remoteTag);
        Request request = messages.createRequest((URI) leg.remoteTarget.clone(), method,
                headers.createCallIdHeader(leg.callId), headers.createCSeqHeader(seq, method),
                (FromHeader) invite.getHeader(FromHeader.NAME), to, List.of(via(leg.trunk.transport())),
                headers.createMaxForwardsHeader(70));
        for (Address route : leg.routeSet) {
            request.addHeader(headers.createRouteHeader(route));
        }
        if (Request.ACK.equals(method) && leg.authorization != null) {
            request.addHeader(leg.authorization);
        }
        return request;
    }

    private ViaHeader via(String transport) throws ParseException, InvalidArgumentException {
        ListeningPoint point = provider.getListeningPoint(transport);
        ViaHeader via = headers.createViaHeader(localHost(), point.getPort(), transport,
                "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        via.setRPort();
        return via;
    }

    private ContactHeader contact(OutboundLeg leg) throws ParseException {
        SipURI uri = addresses.createSipURI("ringback", localHost());
        uri.setPort(provider.getListeningPoint(leg.trunk.transport()).getPort());
        if ("tcp".equals(leg.trunk.transport())) {
            uri.setTransportParam("tcp");
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    /** The address the trunk reaches us at: the advertised one, else the bound one, else this host's. */
    private String localHost() {
        String host = config.advertisedAddress().orElse(config.bindAddress());
        if (!"0.0.0.0".equals(host) && !"::".equals(host)) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    private void respond(Request request, ServerTransaction transaction, int code)
            throws ParseException, SipException, InvalidArgumentException {
        send(transaction, responses.finalResponse(code, request, null));
    }

    private void send(ServerTransaction transaction, Response response) throws SipException, InvalidArgumentException {
        if (transaction == null) {
            provider.sendResponse(response);
        } else {
            transaction.sendResponse(response);
        }
    }

    private void forget(OutboundLeg leg) {
        legs.remove(leg.id, leg);
        if (leg.callId != null) {
            byCallId.remove(leg.callId, leg);
        }
    }

    private void report(OutboundLeg leg, Event event) {
        leg.delivered = leg.delivered.thenRunAsync(() -> {
            try {
                leg.listener.on(event);
            } catch (RuntimeException e) {
                LOG.errorf(e, "leg %s: the listener failed on %s", leg.id, event);
            }
        }, workers);
    }

    /** A header's value (the part after the colon), or null when the message has none. */
    private static String header(javax.sip.message.Message message, String name) {
        Header header = message.getHeader(name);
        if (header == null) {
            return null;
        }
        String text = header.toString();
        return text.substring(text.indexOf(':') + 1).strip();
    }

    private static boolean allows(Response response, String method) {
        for (ListIterator<?> it = response.getHeaders("Allow"); it.hasNext(); ) {
            String value = it.next().toString();
            for (String token : value.substring(value.indexOf(':') + 1).split(",")) {
                if (token.strip().equalsIgnoreCase(method)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<Integer> cause(Request request) {
        for (ListIterator<?> it = request.getHeaders("Reason"); it.hasNext(); ) {
            String value = it.next().toString();
            Matcher matcher = Q850.matcher(value);
            if (matcher.find()) {
                int cause = Integer.parseInt(matcher.group(1));
                if (cause >= 1 && cause <= 127) {
                    return Optional.of(cause);
                }
            }
        }
        return Optional.empty();
    }

    private static String body(javax.sip.message.Message message) {
        byte[] raw = message.getRawContent();
        return raw == null || raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8);
    }

    private static Optional<UUID> gatewayId(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private enum LegPhase { CALLING, PROCEEDING, CONFIRMED, ENDED }

    /** One leg's SIP state; guarded by its own monitor. */
    private static final class OutboundLeg {
        final UUID id;
        final LegListener listener;
        CompletableFuture<Void> delivered = CompletableFuture.completedFuture(null);
        Trunk trunk;
        String sentNumber;
        String callerNumber;
        String callId;
        String localTag;
        String remoteTag;
        String sdpOffer;
        URI remoteTarget;
        List<Address> routeSet = List.of();
        long localSeq;
        long inviteSeq;
        int authAnswers;
        Header authorization;
        ClientTransaction invite;
        Request ack;
        ServerTransaction pendingReInvite;
        SessionTimer timer;
        boolean allowsUpdate;
        Instant refreshSentAt;
        long refreshSeq = -1;
        boolean cancelled;
        LegPhase state;

        OutboundLeg(UUID id, LegListener listener) {
            this.id = id;
            this.listener = listener;
        }
    }
}

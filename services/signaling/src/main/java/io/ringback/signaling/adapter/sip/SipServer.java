package io.ringback.signaling.adapter.sip;

import gov.nist.javax.sip.SipStackImpl;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.ringback.signaling.config.SignalingConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.SipException;
import javax.sip.SipProvider;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.UUID;

/**
 * The SIP stack of the service: one JAIN-SIP stack with a UDP and a TCP listening point on the
 * configured address and port, and one provider whose listener is {@link SipRequestHandler}.
 * Started with the application (a port that cannot be bound stops the start with that reason),
 * The same provider sends the legs we originate ({@link OutboundLegs}). Stopped with the application: the stack's own threads (the event scanner, the transport readers, the
 * transaction timers) end, so nothing keeps a test JVM or a draining pod alive.
 *
 * <p>RFC 3261's layers: transport and transactions are the stack's; our code is the transaction user.
 */
@ApplicationScoped
public class SipServer {

    private static final Logger LOG = Logger.getLogger(SipServer.class);
    /** How long a stop waits for triggers at work (accounts' deadline is shorter). */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

    private final SignalingConfig.Sip config;
    private final SipRequestHandler handler;
    private final TriggerInvites invites;
    private final OutboundLegs outbound;

    private volatile SipStackImpl stack;
    private volatile List<ListeningPoint> listening = List.of();

    public SipServer(SignalingConfig config, SipRequestHandler handler, TriggerInvites invites, OutboundLegs outbound) {
        this.config = config.sip();
        this.handler = handler;
        this.invites = invites;
        this.outbound = outbound;
    }

    void start(@Observes @Priority(100) StartupEvent event) {
        String bind = config.bindAddress();
        int port = config.port();
        try {
            SipStackImpl started = new SipStackImpl(stackProperties());
            ListeningPoint udp = started.createListeningPoint(bind, port, ListeningPoint.UDP);
            ListeningPoint tcp = started.createListeningPoint(bind, port, ListeningPoint.TCP);
            if (config.advertisedAddress().isPresent()) {
                String sentBy = config.advertisedAddress().get() + ":" + port;
                udp.setSentBy(sentBy);
                tcp.setSentBy(sentBy);
            }
            SipProvider provider = started.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            provider.setAutomaticDialogSupportEnabled(false);
            handler.attach(provider);
            outbound.attach(provider);
            provider.addSipListener(handler);
            started.start();
            stack = started;
            listening = List.of(udp, tcp);
            LOG.infof("SIP listening on %s:%d (UDP and TCP), advertised as %s", bind, port,
                    config.advertisedAddress().orElse(bind));
        } catch (SipException | InvalidArgumentException | ParseException | TooManyListenersException
                 | RuntimeException e) {
            throw new IllegalStateException("SIP cannot listen on " + bind + ":" + port + " (UDP and TCP): "
                    + e.getMessage(), e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        SipStackImpl running = stack;
        if (running == null) {
            return;
        }
        listening = List.of();
        stack = null;
        // Triggers still at work get their answers out while the stack runs; new ones get 503.
        invites.drain(DRAIN_GRACE);
        // stop() ends the transports, the event scanner and the timer; deleting the providers and
        // listening points first closes the sockets before the threads go.
        List<SipProvider> providers = new ArrayList<>();
        running.getSipProviders().forEachRemaining(provider -> providers.add((SipProvider) provider));
        for (SipProvider provider : providers) {
            try {
                running.deleteSipProvider(provider);
            } catch (ObjectInUseException e) {
                LOG.debugf("SIP provider still in use at stop: %s", e.getMessage());
            }
        }
        running.stop();
        outbound.stop();
        LOG.info("SIP stopped");
    }

    /** Whether SIP is listening: between a successful start and the stop. */
    public boolean listening() {
        return stack != null && !listening.isEmpty();
    }

    /** What we listen on, e.g. {@code udp 0.0.0.0:5060}. */
    public List<String> listeningPoints() {
        return listening.stream()
                .map(point -> point.getTransport().toLowerCase() + " " + point.getIPAddress() + ":" + point.getPort())
                .toList();
    }

    private Properties stackProperties() {
        Properties properties = new Properties();
        // One stack per application instance; a unique name keeps two (a restarted test app) apart.
        properties.setProperty("javax.sip.STACK_NAME", "ringback-signaling-" + UUID.randomUUID());
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", SipStackLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", SipMessageLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", StrictMessageParserFactory.class.getName());
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        // Requests are handed to the listener on a pool, not one at a time.
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", String.valueOf(config.threads()));
        // A TCP peer cannot make us buffer an unbounded message (RFC 3261 §18.3 framing by Content-Length).
        properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        return properties;
    }
}

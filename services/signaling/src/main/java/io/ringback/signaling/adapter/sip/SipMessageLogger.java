package io.ringback.signaling.adapter.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import org.jboss.logging.Logger;

import javax.sip.SipStack;
import java.util.Properties;

/**
 * Every SIP message the stack sends or receives, at TRACE in category {@code io.ringback.signaling.sip.messages}
 * (off unless an operator turns it on to debug a peer). Named by the stack property
 * {@code gov.nist.javax.sip.SERVER_LOGGER}, in place of the stack's own file logger.
 */
public final class SipMessageLogger implements ServerLogger {

    private static final Logger LOG = Logger.getLogger("io.ringback.signaling.sip.messages");

    @Override
    public void closeLogFile() {
        // No file: the messages go to the service's log.
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        log(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        log(message, from, to, sender);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        log(message, from, to, sender);
    }

    @Override
    public void logException(Exception ex) {
        LOG.debug("SIP message exception", ex);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // Nothing to read: the logging configuration decides what is written.
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // The messages are logged as they come; the stack itself is not needed.
    }

    private static void log(SIPMessage message, String from, String to, boolean sender) {
        if (LOG.isTraceEnabled()) {
            LOG.tracef("%s %s -> %s%n%s", sender ? "sent" : "received", from, to, message.encode());
        }
    }
}

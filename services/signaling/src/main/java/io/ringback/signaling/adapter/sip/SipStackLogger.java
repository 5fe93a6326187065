package io.ringback.signaling.adapter.sip;

import gov.nist.core.StackLogger;
import org.jboss.logging.Logger;

import java.util.Properties;

/**
 * The JAIN-SIP stack's log, into the service's own logging (category {@code io.ringback.signaling.sip.stack}),
 * so the stack writes no files of its own and needs no log4j. Named by the stack property
 * {@code gov.nist.javax.sip.STACK_LOGGER}; the stack instantiates it by reflection.
 */
public final class SipStackLogger implements StackLogger {

    private static final Logger LOG = Logger.getLogger("io.ringback.signaling.sip.stack");

    @Override
    public void logStackTrace() {
        if (LOG.isTraceEnabled()) {
            LOG.trace("stack trace", new Throwable("stack trace"));
        }
    }

    @Override
    public void logStackTrace(int traceLevel) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.warn("SIP stack exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.debug(message);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message) {
        LOG.error(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isEnabled(Logger.Level.WARN);
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        return LOG.isEnabled(level(logLevel));
    }

    @Override
    public void logError(String message, Exception ex) {
        LOG.error(message, ex);
    }

    @Override
    public void logWarning(String message) {
        LOG.warn(message);
    }

    @Override
    public void logInfo(String message) {
        // The stack's INFO is per message (peer addresses): detail, not an operator's news.
        LOG.debug(message);
    }

    @Override
    public void disableLogging() {
        // The level is the logging configuration's (quarkus.log.category), not the stack's to change.
    }

    @Override
    public void enableLogging() {
        // As disableLogging: the logging configuration decides.
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        LOG.debugf("JAIN-SIP build %s", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // Nothing to read: where and how much to log is the service's logging configuration.
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }

    /** The stack's TRACE_* levels (gov.nist.core.LogLevels) as logging levels. */
    private static Logger.Level level(int stackLevel) {
        if (stackLevel >= TRACE_TRACE) {
            return Logger.Level.TRACE;
        }
        if (stackLevel >= TRACE_DEBUG) {
            return Logger.Level.DEBUG;
        }
        if (stackLevel >= TRACE_INFO) {
            return Logger.Level.DEBUG;
        }
        if (stackLevel >= TRACE_WARN) {
            return Logger.Level.WARN;
        }
        return Logger.Level.ERROR;
    }
}

package io.ringback.cdr.app;

import io.ringback.cdr.adapter.persistence.SessionRepository;
import io.ringback.cdr.config.CdrConfig;
import io.ringback.cdr.domain.Assembly;
import io.ringback.cdr.domain.AssemblyLimits;
import io.ringback.cdr.domain.SessionAssembler;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Assembles a session from its stored events after each of them is stored, in one transaction
 * under the session row's lock: complete, its CDRs and session record are written once (the
 * session becomes ASSEMBLED); incomplete, the moment it would complete by itself is remembered.
 */
@ApplicationScoped
public class CdrAssembly {

    private static final Logger LOG = Logger.getLogger(CdrAssembly.class);

    private final DataSource dataSource;
    private final SessionRepository sessions;
    private final SessionAssembler assembler;
    private final Clock clock;

    public CdrAssembly(DataSource dataSource, SessionRepository sessions, Clock clock, CdrConfig config) {
        this.dataSource = dataSource;
        this.sessions = sessions;
        this.clock = clock;
        CdrConfig.Limits limits = config.limits();
        this.assembler = new SessionAssembler(new AssemblyLimits(limits.grace(), limits.maxLegDuration(),
                limits.ivrLimit(), limits.ringLimit(), limits.markerWait()));
    }

    /** The open sessions whose completion moment has passed, at most {@code limit} of them, earliest first. */
    public List<String> dueSessions(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return sessions.dueForRecheck(c, clock.instant(), limit);
        }
    }

    /** Answers whether this call assembled the session (false: incomplete, or assembled before). */
    public boolean assemble(String sessionId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean assembled = assembleLocked(c, sessionId);
                c.commit();
                return assembled;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private boolean assembleLocked(Connection c, String sessionId) throws SQLException {
        if (!sessions.lockOpen(c, sessionId)) {
            LOG.debugf("session %s is already assembled; a late event is stored and changes no CDR", sessionId);
            return false;
        }
        Instant now = clock.instant();
        Assembly assembly = assembler.assemble(sessionId, sessions.legFacts(c, sessionId),
                sessions.markers(c, sessionId), sessions.lastReceivedAt(c, sessionId), now);
        if (assembly instanceof Assembly.Complete complete) {
            sessions.assembled(c, complete.session(), complete.legs(), now);
            return true;
        }
        sessions.recheckAt(c, sessionId, ((Assembly.Incomplete) assembly).recheckAt());
        return false;
    }
}

package io.ringback.cdr.app;

import io.quarkus.scheduler.Scheduled;
import io.ringback.cdr.config.CdrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.List;

/**
 * Assembles the open sessions whose completion moment has passed by the clock (a leg whose
 * signaling instance died and never reported its end, a SessionEnded marker that never came),
 * so they are closed and billed even when no other event of theirs ever arrives. Safe on several
 * replicas: each session is assembled under its row's lock and only while still open.
 */
@ApplicationScoped
public class SessionRecheckJob extends GuardedJob {

    private static final Logger LOG = Logger.getLogger(SessionRecheckJob.class);

    private final CdrAssembly assembly;
    private final CdrConfig config;

    public SessionRecheckJob(CdrAssembly assembly, CdrConfig config) {
        this.assembly = assembly;
        this.config = config;
    }

    @Scheduled(every = "${ringback.cdr.recheck-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recheckScheduled() {
        guarded("session recheck pass", this::recheckDue);
    }

    /** One pass: assembles every due session (in batches); answers how many it completed. */
    public int recheckDue() throws SQLException {
        int completed = 0;
        List<String> due;
        do {
            due = assembly.dueSessions(config.recheckBatchSize());
            int completedInBatch = 0;
            for (String sessionId : due) {
                if (assembly.assemble(sessionId)) {
                    completedInBatch++;
                }
            }
            completed += completedInBatch;
            // A due session that stays open got a later recheck moment; stop when nothing completes.
            if (completedInBatch == 0) {
                break;
            }
        } while (due.size() == config.recheckBatchSize() && !stopping());
        if (completed > 0) {
            LOG.debugf("recheck completed %d session(s)", completed);
        }
        return completed;
    }
}

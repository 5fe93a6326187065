package io.ringback.cdr.app;

import io.quarkus.scheduler.Scheduled;
import io.ringback.cdr.config.CdrConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.List;

/**
 * Rates the sessions due by the injected clock (just assembled, or unrated and due again) every
 * {@code ringback.cdr.rating.poll-interval}. A failed pass (the database away) leaves them due for
 * the next one: nothing is lost, and a session is rated once however often it is tried.
 */
@ApplicationScoped
public class RatingJob extends GuardedJob {

    private final CdrRating rating;
    private final CdrConfig config;

    public RatingJob(CdrRating rating, CdrConfig config) {
        this.rating = rating;
        this.config = config;
    }

    @Scheduled(every = "${ringback.cdr.rating.poll-interval:200ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rateScheduled() {
        guarded("rating pass", this::rateDue);
    }

    /** One pass: rates every due session, in batches; answers how many CDRs it rated. */
    public int rateDue() throws SQLException {
        int rated = 0;
        List<String> due;
        do {
            due = rating.due(config.rating().batchSize());
            for (String sessionId : due) {
                rated += rating.rate(sessionId);
            }
            // A session that failed is due again later, so a full batch never repeats at once.
        } while (due.size() == config.rating().batchSize() && !stopping());
        return rated;
    }
}

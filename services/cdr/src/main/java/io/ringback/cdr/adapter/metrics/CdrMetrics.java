package io.ringback.cdr.adapter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The CDR service's metrics for the alerts (docs/operations.md, Metrics and alerts): CDRs stored
 * unrated and rated CDRs waiting in the outbox, both read from the database at each scrape (every
 * replica reports the same platform-wide figure), and the CDRs this instance rated.
 */
@ApplicationScoped
public class CdrMetrics {

    private final Counter rated;

    public CdrMetrics(MeterRegistry registry, DataSource dataSource) {
        Gauge.builder("ringback.cdr.unrated", () -> count(dataSource, "SELECT count(*) FROM cdr WHERE rating_status = 'UNRATED'"))
                .description("CDRs stored unrated (no rate, rating or accounts unavailable, impossible times), platform-wide")
                .register(registry);
        Gauge.builder("ringback.cdr.outbox.backlog",
                        () -> count(dataSource, "SELECT count(*) FROM outbox_event WHERE published_at IS NULL"))
                .description("Rated CDRs written to the outbox and not yet acknowledged by the broker on cdr.rated")
                .register(registry);
        rated = Counter.builder("ringback.cdr.rated")
                .description("CDRs this instance rated and wrote to the outbox for cdr.rated")
                .register(registry);
    }

    public void rated(int cdrs) {
        rated.increment(cdrs);
    }

    /** NaN when the database does not answer: a gap in the graph, not a false zero. */
    private static double count(DataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(sql);
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}

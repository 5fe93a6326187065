package io.ringback.cdr.app;

import io.ringback.cdr.adapter.grpc.ReservationReleases;
import io.ringback.cdr.adapter.grpc.SessionRater;
import io.ringback.cdr.adapter.grpc.SessionRater.Reason;
import io.ringback.cdr.adapter.kafka.RatedCdrs;
import io.ringback.cdr.adapter.metrics.CdrMetrics;
import io.ringback.cdr.adapter.persistence.RatingRepository;
import io.ringback.cdr.config.CdrConfig;
import io.ringback.cdr.domain.LegCdr;
import io.ringback.cdr.domain.RatingRetry;
import io.ringback.cdr.domain.SessionToRate;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.RatedCdr;
import io.ringback.proto.rating.v1.RatedLeg;
import io.ringback.proto.rating.v1.RatedLegReason;
import io.ringback.service.outbox.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Rates assembled sessions (decision 0014): the chain from accounts and the legs through rating,
 * outside any transaction; then, in one transaction under the session row's lock, each CDR not
 * rated before is stored rated with its {@code RatedCdr} written to the outbox for
 * {@code cdr.rated}, or left stored as UNRATED with the reason. A session with an unrated CDR that
 * a later attempt may rate is due again after a doubling wait (by the injected clock). The
 * session's last rated CDR names its reservations for accounts to release after settling it; a
 * session none of whose CDRs can ever be billed (all INVALID_TIMES) releases them itself.
 */
@ApplicationScoped
public class CdrRating {

    private static final Logger LOG = Logger.getLogger(CdrRating.class);

    private final DataSource dataSource;
    private final RatingRepository ratings;
    private final OutboxRepository outbox;
    private final SessionRater rater;
    private final ReservationReleases releases;
    private final Clock clock;
    private final RatingRetry retry;
    private final CdrMetrics metrics;

    public CdrRating(DataSource dataSource, RatingRepository ratings, OutboxRepository outbox, SessionRater rater,
                     ReservationReleases releases, Clock clock, CdrConfig config, CdrMetrics metrics) {
        this.releases = releases;
        this.metrics = metrics;
        this.dataSource = dataSource;
        this.ratings = ratings;
        this.outbox = outbox;
        this.rater = rater;
        this.clock = clock;
        this.retry = new RatingRetry(config.rating().retryInitial(), config.rating().retryMax());
    }

    /** The sessions due for rating now, at most {@code limit}, earliest first. */
    public List<String> due(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return ratings.due(c, clock.instant(), limit);
        }
    }

    /** Rates the session's CDRs not rated yet; answers how many it rated. */
    public int rate(String sessionId) throws SQLException {
        SessionToRate toRate;
        try (Connection c = dataSource.getConnection()) {
            toRate = ratings.load(c, sessionId);
        }
        boolean nothingBillable = toRate != null && !toRate.pendingCdrIds().isEmpty() && toRate.legs().stream()
                .filter(leg -> toRate.pendingCdrIds().contains(leg.cdrId())).noneMatch(LegCdr::billableTimes);
        SessionRater.Answer answer = toRate == null || toRate.pendingCdrIds().isEmpty() || nothingBillable ? null
                : rater.rate(toRate);
        // No CDR of the session will be settled, so none can release its reservations: they are released here.
        boolean released = !nothingBillable || releases.release(sessionId, reservations(toRate));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int rated = nothingBillable ? storeUnbillable(c, sessionId, toRate, released)
                        : store(c, sessionId, toRate, answer);
                c.commit();
                metrics.rated(rated);
                return rated;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private int store(Connection c, String sessionId, SessionToRate toRate, SessionRater.Answer answer)
            throws SQLException {
        int failedBefore = ratings.lockDue(c, sessionId);
        if (failedBefore < 0) {
            return 0;
        }
        Instant now = clock.instant();
        if (answer == null) {
            ratings.ratingDone(c, sessionId, null, failedBefore);
            return 0;
        }
        List<RatedCdr> ratedNow = new ArrayList<>();
        List<LegCdr> ratedLegs = new ArrayList<>();
        boolean retryLater = false;
        for (int i = 0; i < toRate.legs().size(); i++) {
            LegCdr leg = toRate.legs().get(i);
            if (!toRate.pendingCdrIds().contains(leg.cdrId())) {
                continue;
            }
            if (!leg.billableTimes()) {
                // Rating again cannot mend times that cannot be; the CDR stays for an operator to correct.
                unrated(c, leg.cdrId(), Reason.INVALID_TIMES, leg.problem());
                continue;
            }
            if (!answer.rated()) {
                unrated(c, leg.cdrId(), answer.failure(), answer.detail());
                retryLater = true;
                continue;
            }
            RatedLeg ratedLeg = answer.response().getLegs(i);
            if (ratedLeg.getReason() == RatedLegReason.RATED_LEG_REASON_NO_RATE) {
                unrated(c, leg.cdrId(), Reason.NO_RATE, "no rate for " + leg.calledNumber() + " in the chain's rate tables");
                retryLater = true;
                continue;
            }
            try {
                ratedNow.add(RatedCdrs.of(toRate, leg, ratedLeg, now));
                ratedLegs.add(leg);
            } catch (IllegalArgumentException e) {
                unrated(c, leg.cdrId(), Reason.RATING_REFUSED, "RateLegs answered " + e.getMessage());
                retryLater = true;
            }
        }
        if (!retryLater && !ratedNow.isEmpty()) {
            // Nothing of the session is left to settle after these: the last one releases its reservations.
            int last = ratedNow.size() - 1;
            ratedNow.set(last, ratedNow.get(last).toBuilder().addAllReleaseReservationIds(reservations(toRate)).build());
        }
        int rated = 0;
        for (int i = 0; i < ratedNow.size(); i++) {
            RatedCdr cdr = ratedNow.get(i);
            if (ratings.rated(c, RatedCdrs.row(cdr, ratedLegs.get(i)), now)) {
                outbox.append(c, EventTopics.CDR_RATED, cdr.getAccountId(), UUID.fromString(cdr.getEventId()), now, cdr);
                rated++;
            }
        }
        int failed = retryLater ? failedBefore + 1 : failedBefore;
        ratings.ratingDone(c, sessionId, retryLater ? retry.next(now, failed) : null, failed);
        return rated;
    }

    /**
     * Every CDR left of the session has impossible times: each is stored unrated INVALID_TIMES and
     * the session is done once its reservations are released, due again while they are not.
     */
    private int storeUnbillable(Connection c, String sessionId, SessionToRate toRate, boolean released)
            throws SQLException {
        int failedBefore = ratings.lockDue(c, sessionId);
        if (failedBefore < 0) {
            return 0;
        }
        for (LegCdr leg : toRate.legs()) {
            if (toRate.pendingCdrIds().contains(leg.cdrId())) {
                unrated(c, leg.cdrId(), Reason.INVALID_TIMES, leg.problem());
            }
        }
        int failed = released ? failedBefore : failedBefore + 1;
        ratings.ratingDone(c, sessionId, released ? null : retry.next(clock.instant(), failed), failed);
        return 0;
    }

    /** Every reservation of the session: its marker's and its legs', each once. */
    private static Set<String> reservations(SessionToRate toRate) {
        Set<String> reservations = new LinkedHashSet<>(toRate.session().reservationIds());
        toRate.legs().forEach(leg -> reservations.add(leg.reservationId()));
        reservations.remove("");
        return reservations;
    }

    private void unrated(Connection c, UUID cdrId, Reason reason, String detail) throws SQLException {
        LOG.infof("CDR %s stored unrated (%s): %s", cdrId, reason, detail);
        ratings.unrated(c, cdrId, reason.name(), detail);
    }
}

package io.ringback.cdr.app;

import io.ringback.cdr.adapter.grpc.SessionRater;
import io.ringback.cdr.adapter.kafka.RatedCdrs;
import io.ringback.cdr.adapter.persistence.RatingRepository;
import io.ringback.cdr.adapter.persistence.RatingRepository.CurrentRecord;
import io.ringback.cdr.adapter.persistence.RatingRepository.LevelAmountRow;
import io.ringback.cdr.domain.LegCdr;
import io.ringback.cdr.domain.SessionToRate;
import io.ringback.common.Money;
import io.ringback.proto.common.v1.LevelAmount;
import io.ringback.proto.common.v1.LevelCharge;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.RatedCdr;
import io.ringback.proto.rating.v1.RatedLeg;
import io.ringback.proto.rating.v1.RatedLegReason;
import io.ringback.service.outbox.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Re-rates sessions after a deck correction (issue #12, decision 0014): the session's legs go
 * through rating again with the account's chain, and each rated leg whose figures changed gets a
 * correction, a new rated record that references the one it replaces, with the per-level
 * difference, written to the outbox for {@code cdr.rated} in the transaction that supersedes the
 * old record. Nothing is edited; a leg whose figures did not change gets nothing, so re-rating
 * twice corrects once. A session with CDRs never rated is made due for rating now instead.
 */
@ApplicationScoped
public class CdrRerating {

    private static final Logger LOG = Logger.getLogger(CdrRerating.class);

    /** What one re-rating did to one session. */
    public record Outcome(int corrected, int unchanged, boolean queued, String failure) {
    }

    private final DataSource dataSource;
    private final RatingRepository ratings;
    private final OutboxRepository outbox;
    private final SessionRater rater;
    private final Clock clock;

    public CdrRerating(DataSource dataSource, RatingRepository ratings, OutboxRepository outbox, SessionRater rater,
                       Clock clock) {
        this.dataSource = dataSource;
        this.ratings = ratings;
        this.outbox = outbox;
        this.rater = rater;
        this.clock = clock;
    }

    /** Re-rates one assembled session; null when there is no such session. */
    public Outcome rerate(String sessionId) throws SQLException {
        SessionToRate toRate;
        try (Connection c = dataSource.getConnection()) {
            toRate = ratings.load(c, sessionId);
        }
        if (toRate == null) {
            return null;
        }
        boolean queued = !toRate.pendingCdrIds().isEmpty();
        if (toRate.pendingCdrIds().size() == toRate.legs().size()) {
            return store(sessionId, toRate, null, queued);
        }
        SessionRater.Answer answer = rater.rate(toRate);
        if (!answer.rated()) {
            LOG.infof("session %s not re-rated (%s): %s", sessionId, answer.failure(), answer.detail());
        }
        return store(sessionId, toRate, answer, queued);
    }

    private Outcome store(String sessionId, SessionToRate toRate, SessionRater.Answer answer, boolean queued)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Outcome outcome = store(c, sessionId, toRate, answer, queued);
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Outcome store(Connection c, String sessionId, SessionToRate toRate, SessionRater.Answer answer,
                          boolean queued) throws SQLException {
        if (!ratings.lock(c, sessionId)) {
            return null;
        }
        Instant now = clock.instant();
        if (queued) {
            ratings.dueNow(c, sessionId, now);
        }
        if (answer == null || !answer.rated()) {
            return new Outcome(0, 0, queued, answer == null ? "" : answer.failure().name());
        }
        int corrected = 0;
        int unchanged = 0;
        for (int i = 0; i < toRate.legs().size(); i++) {
            LegCdr leg = toRate.legs().get(i);
            CurrentRecord current = ratings.current(c, leg.cdrId());
            RatedLeg ratedLeg = answer.response().getLegs(i);
            if (current == null || ratedLeg.getReason() == RatedLegReason.RATED_LEG_REASON_NO_RATE) {
                // Never rated (the retry rates it), or the corrected deck has no rate: the record stands.
                continue;
            }
            RatedCdr rated;
            try {
                rated = RatedCdrs.of(toRate, leg, ratedLeg, now);
            } catch (IllegalArgumentException e) {
                LOG.infof("leg %s of session %s not re-rated: RateLegs answered %s", leg.legId(), sessionId,
                        e.getMessage());
                return new Outcome(corrected, unchanged, queued, SessionRater.Reason.RATING_REFUSED.name());
            }
            List<LevelAmount> differences = differences(current, rated);
            if (differences.isEmpty() && current.customerCharge().compareTo(new BigDecimal(rated.getCustomerCharge())) == 0
                    && current.vendorCost().compareTo(new BigDecimal(rated.getVendorCost())) == 0) {
                unchanged++;
                continue;
            }
            UUID correctionId = UUID.randomUUID();
            RatedCdr correction = rated.toBuilder().setCdrId(correctionId.toString())
                    .setEventId(UUID.randomUUID().toString()).setCorrectsCdrId(current.cdrId().toString())
                    .addAllChargeDifferences(differences).build();
            if (!ratings.supersede(c, current.cdrId(), correctionId)) {
                continue;
            }
            ratings.rated(c, RatedCdrs.row(correction, leg), now);
            outbox.append(c, EventTopics.CDR_RATED, correction.getAccountId(), UUID.fromString(correction.getEventId()),
                    now, correction);
            LOG.infof("CDR %s of session %s corrected by %s", current.cdrId(), sessionId, correctionId);
            corrected++;
        }
        return new Outcome(corrected, unchanged, queued, "");
    }

    /**
     * Per level, the new charge minus the current one, for every level whose account or charge
     * changed (a level whose account changed gives back all it paid and the new account pays all).
     */
    static List<LevelAmount> differences(CurrentRecord current, RatedCdr rated) {
        Map<String, BigDecimal> before = new LinkedHashMap<>();
        Map<String, Integer> levels = new LinkedHashMap<>();
        Map<String, String> currencies = new LinkedHashMap<>();
        for (LevelAmountRow charge : current.charges()) {
            before.merge(charge.accountId(), charge.charge(), BigDecimal::add);
            levels.putIfAbsent(charge.accountId(), charge.level());
        }
        Map<String, BigDecimal> after = new LinkedHashMap<>();
        for (LevelCharge charge : rated.getChargesList()) {
            after.merge(charge.getAccountId(), new BigDecimal(charge.getCharge()), BigDecimal::add);
            levels.putIfAbsent(charge.getAccountId(), charge.getLevel());
            currencies.putIfAbsent(charge.getAccountId(), charge.getCurrency());
        }
        List<LevelAmount> differences = new ArrayList<>();
        for (Map.Entry<String, Integer> level : levels.entrySet()) {
            BigDecimal difference = after.getOrDefault(level.getKey(), BigDecimal.ZERO)
                    .subtract(before.getOrDefault(level.getKey(), BigDecimal.ZERO));
            if (difference.signum() != 0) {
                differences.add(LevelAmount.newBuilder().setLevel(level.getValue()).setAccountId(level.getKey())
                        .setAmount(Money.format(difference))
                        .setCurrency(Objects.requireNonNullElse(currencies.get(level.getKey()), rated.getCurrency()))
                        .build());
            }
        }
        return differences;
    }
}

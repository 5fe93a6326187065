package io.ringback.accounts.adapter.kafka;

import io.ringback.accounts.adapter.metrics.AccountsMetrics;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ringback.accounts.adapter.persistence.Database;
import io.ringback.accounts.app.LedgerService;
import io.ringback.accounts.app.LevelAmount;
import io.ringback.common.Failure;
import io.ringback.common.Money;
import io.ringback.proto.common.v1.LevelCharge;
import io.ringback.proto.events.v1.RatedCdr;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Consumes {@code cdr.rated} and settles each CDR's charges on every level of its reseller chain.
 * The settlement is idempotent by CDR id, so a redelivered or duplicated record changes nothing;
 * the offset is committed only after the settlement's transaction. It is unique per leg as well:
 * the first CDR settled for a leg claims it ({@code settled_leg}), and another CDR for that leg is
 * refused (a second CDR for a leg can only be a correction). A CDR that names reservations to
 * release (the session's last CDR for each) releases what is left of them once settled: its own
 * reservation in the settlement's transaction, any other right after it.
 *
 * <p>Failures are told apart. A record that will always fail (unreadable, unknown schema version,
 * a refusal by the rules: unknown account, charges that do not fit) is written to
 * {@code cdr.rated.dlq} here, explicitly, and then acknowledged. Anything else (the database down,
 * a pool timeout, a deadlock) is thrown: the channel's failure strategy is {@code fail}, so the
 * offset is not committed, the consumer stops, health turns DOWN, and the record is read again
 * after the restart. A charge is never dead-lettered because the database was briefly away.
 */
@ApplicationScoped
public class RatedCdrConsumer {

    private static final Logger LOG = Logger.getLogger(RatedCdrConsumer.class);
    /** The RatedCdr schema versions this consumer understands. */
    static final int SCHEMA_VERSION = 1;
    /** The header of a dead-lettered record that says why it could not be settled. */
    static final String REASON_HEADER = "dead-letter-reason";

    private final LedgerService ledger;
    private final MutinyEmitter<byte[]> deadLetters;
    private final AccountsMetrics metrics;
    private final Database database;
    private final Clock clock;

    public RatedCdrConsumer(LedgerService ledger, @Channel("cdr-rated-dlq") MutinyEmitter<byte[]> deadLetters,
                            AccountsMetrics metrics, Database database, Clock clock) {
        this.metrics = metrics;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.database = database;
        this.clock = clock;
    }

    @Incoming("cdr-rated")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            settle(record.value());
        } catch (RuntimeException | InvalidProtocolBufferException e) {
            if (!permanent(e)) {
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
            LOG.warnf("rated CDR record (key %s, offset %d) cannot be settled, dead-lettered: %s", record.key(),
                    record.offset(), e.getMessage());
            // Awaited: the offset is committed only once the dead letter is safely written.
            deadLetters.sendMessageAndAwait(KafkaRecord.of(record.key(), record.value())
                    .withHeader(REASON_HEADER, String.valueOf(e.getMessage())));
            metrics.deadLettered();
        }
    }

    /**
     * Whether a failure will happen again however often the record is retried: the record itself
     * is wrong. Everything else, database errors included, is presumed transient.
     */
    static boolean permanent(Throwable failure) {
        if (failure instanceof InvalidProtocolBufferException || failure instanceof IllegalArgumentException) {
            return true;
        }
        return failure instanceof Failure refusal
                && (refusal.kind() == Failure.Kind.INVALID
                || refusal.kind() == Failure.Kind.NOT_FOUND
                || refusal.kind() == Failure.Kind.UNPROCESSABLE);
    }

    private void settle(byte[] payload) throws InvalidProtocolBufferException {
        RatedCdr cdr = RatedCdr.parseFrom(payload);
        validate(cdr);
        List<LevelAmount> charges = cdr.getChargesList().stream().map(RatedCdrConsumer::charge).toList();
        UUID reservationId = cdr.getReservationId().isEmpty() ? null : UUID.fromString(cdr.getReservationId());
        Set<UUID> releases = new LinkedHashSet<>();
        cdr.getReleaseReservationIdsList().forEach(id -> releases.add(UUID.fromString(id)));
        boolean releaseOwn = reservationId != null && releases.remove(reservationId);
        claimLeg(cdr);
        LedgerService.Settlement settlement;
        try {
            settlement = ledger.settle(cdr.getCdrId(), reservationId, cdr.getSessionId(),
                    UUID.fromString(cdr.getAccountId()), charges, releaseOwn);
        } catch (RuntimeException e) {
            if (permanent(e)) {
                // Refused for good: the leg stays free for a CDR that can be settled.
                unclaimLeg(cdr);
            }
            throw e;
        }
        metrics.settlement(settlement.replayed());
        if (settlement.replayed()) {
            LOG.debugf("CDR %s of session %s already settled", cdr.getCdrId(), cdr.getSessionId());
        }
        for (UUID other : releases) {
            release(other, cdr);
        }
    }

    /** The session's other reservation is over: what is left of it is given back (nothing when closed). */
    private void release(UUID reservationId, RatedCdr cdr) {
        try {
            ledger.release(reservationId, "session " + cdr.getSessionId() + " over");
        } catch (Failure refusal) {
            if (refusal.kind() != Failure.Kind.NOT_FOUND) {
                throw refusal;
            }
            LOG.warnf("CDR %s names reservation %s to release, which accounts does not know", cdr.getCdrId(),
                    reservationId);
        }
    }

    /**
     * Claims the CDR's leg for it, or finds it claimed by the same CDR (a redelivery); refuses a
     * CDR for a leg another CDR was settled for.
     */
    private void claimLeg(RatedCdr cdr) {
        String claimedBy = database.transaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO settled_leg (leg_id, cdr_id, session_id, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                insert.setString(1, cdr.getLegId());
                insert.setString(2, cdr.getCdrId());
                insert.setString(3, cdr.getSessionId());
                insert.setTimestamp(4, Timestamp.from(clock.instant()));
                insert.executeUpdate();
            }
            return claimant(c, cdr.getLegId());
        });
        if (!cdr.getCdrId().equals(claimedBy)) {
            throw Failure.invalid("leg-already-settled", "Leg already settled", "leg " + cdr.getLegId()
                    + " of session " + cdr.getSessionId() + " was settled by CDR " + claimedBy + "; CDR "
                    + cdr.getCdrId() + " for it is refused (a second CDR for a leg can only be a correction)");
        }
    }

    private static String claimant(Connection c, String legId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT cdr_id FROM settled_leg WHERE leg_id = ?")) {
            query.setString(1, legId);
            try (ResultSet row = query.executeQuery()) {
                // No row: the CDR id was claimed for another leg (cdr_id is unique too).
                return row.next() ? row.getString(1) : "(none: its CDR id names another leg)";
            }
        }
    }

    private void unclaimLeg(RatedCdr cdr) {
        database.transaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM settled_leg WHERE leg_id = ? AND cdr_id = ?")) {
                delete.setString(1, cdr.getLegId());
                delete.setString(2, cdr.getCdrId());
                return delete.executeUpdate();
            }
        });
    }

    private static LevelAmount charge(LevelCharge charge) {
        return new LevelAmount(charge.getLevel(), UUID.fromString(charge.getAccountId()),
                Money.parseNonNegative("charge of level " + charge.getLevel(), charge.getCharge()));
    }

    private static void validate(RatedCdr cdr) {
        if (cdr.getSchemaVersion() != SCHEMA_VERSION) {
            throw new IllegalArgumentException("rated CDR " + cdr.getCdrId() + " has schema version "
                    + cdr.getSchemaVersion() + "; this consumer reads version " + SCHEMA_VERSION);
        }
        if (cdr.getCdrId().isEmpty() || cdr.getLegId().isEmpty()) {
            throw new IllegalArgumentException("rated CDR event " + cdr.getEventId() + " lacks its CDR id or leg id");
        }
        UUID.fromString(cdr.getAccountId());
    }
}

package io.ringback.accounts.adapter.kafka;

import io.ringback.accounts.adapter.metrics.AccountsMetrics;
import com.google.protobuf.InvalidProtocolBufferException;
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

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Consumes {@code cdr.rated} and settles each CDR's charges on every level of its reseller chain.
 * The settlement is idempotent by CDR id, so a redelivered or duplicated record changes nothing;
 * the offset is committed only after the settlement's transaction. It is unique per leg as well:
 * the first CDR settled for a leg claims it ({@code settled_leg}) in the settlement's own
 * transaction, and another CDR for that leg is refused (a second CDR for a leg can only be a
 * correction). A correction (re-rating: {@code corrects_cdr_id} set) adjusts each level by its
 * {@code charge_differences}, once per correction id, and only after the record it corrects was
 * settled here. A CDR that names reservations to
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

    public RatedCdrConsumer(LedgerService ledger, @Channel("cdr-rated-dlq") MutinyEmitter<byte[]> deadLetters,
                            AccountsMetrics metrics) {
        this.metrics = metrics;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
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
        if (!cdr.getCorrectsCdrId().isEmpty()) {
            List<LevelAmount> differences = cdr.getChargeDifferencesList().stream().map(d -> new LevelAmount(
                    d.getLevel(), UUID.fromString(d.getAccountId()),
                    Money.parse("charge difference of level " + d.getLevel(), d.getAmount()))).toList();
            LedgerService.Settlement correction = ledger.correct(cdr.getCdrId(), cdr.getCorrectsCdrId(),
                    cdr.getSessionId(), UUID.fromString(cdr.getAccountId()), differences);
            metrics.settlement(correction.replayed());
            return;
        }
        List<LevelAmount> charges = cdr.getChargesList().stream().map(RatedCdrConsumer::charge).toList();
        UUID reservationId = cdr.getReservationId().isEmpty() ? null : UUID.fromString(cdr.getReservationId());
        Set<UUID> releases = new LinkedHashSet<>();
        cdr.getReleaseReservationIdsList().forEach(id -> releases.add(UUID.fromString(id)));
        boolean releaseOwn = reservationId != null && releases.remove(reservationId);
        LedgerService.Settlement settlement = ledger.settle(cdr.getCdrId(), cdr.getLegId(), reservationId,
                cdr.getSessionId(), UUID.fromString(cdr.getAccountId()), charges, releaseOwn);
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

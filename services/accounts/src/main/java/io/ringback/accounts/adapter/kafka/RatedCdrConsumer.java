package io.ringback.accounts.adapter.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ringback.accounts.app.LedgerService;
import io.ringback.accounts.app.LevelAmount;
import io.ringback.accounts.domain.Money;
import io.ringback.proto.common.v1.LevelCharge;
import io.ringback.proto.events.v1.RatedCdr;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * Consumes {@code cdr.rated} and settles each CDR's charges on every level of its reseller chain.
 * The settlement is idempotent by CDR id, so a redelivered or duplicated record changes nothing;
 * the offset is committed only after the settlement's transaction. A record that cannot be
 * settled (unreadable, unknown schema version, unknown account, charges that do not match the
 * chain) goes to the dead-letter topic rather than blocking the partition or being dropped.
 */
@ApplicationScoped
public class RatedCdrConsumer {

    private static final Logger LOG = Logger.getLogger(RatedCdrConsumer.class);
    /** The RatedCdr schema versions this consumer understands. */
    static final int SCHEMA_VERSION = 1;

    private final LedgerService ledger;

    public RatedCdrConsumer(LedgerService ledger) {
        this.ledger = ledger;
    }

    @Incoming("cdr-rated")
    @Blocking(ordered = true)
    public void consume(byte[] payload) throws InvalidProtocolBufferException {
        RatedCdr cdr = RatedCdr.parseFrom(payload);
        validate(cdr);
        List<LevelAmount> charges = cdr.getChargesList().stream().map(RatedCdrConsumer::charge).toList();
        UUID reservationId = cdr.getReservationId().isEmpty() ? null : UUID.fromString(cdr.getReservationId());
        LedgerService.Settlement settlement = ledger.settle(cdr.getCdrId(), reservationId, cdr.getSessionId(),
                UUID.fromString(cdr.getAccountId()), charges, false);
        if (settlement.replayed()) {
            LOG.debugf("CDR %s of session %s already settled", cdr.getCdrId(), cdr.getSessionId());
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
        if (cdr.getCdrId().isEmpty()) {
            throw new IllegalArgumentException("rated CDR event " + cdr.getEventId() + " has no CDR id");
        }
        UUID.fromString(cdr.getAccountId());
    }
}

package io.ringback.accounts.adapter.kafka;

import com.google.protobuf.Timestamp;
import io.ringback.accounts.domain.LowBalanceCrossing;
import io.ringback.common.Money;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.LowBalance;
import io.ringback.service.outbox.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Writes a {@code LowBalance} event to the outbox for each crossing, on the connection of the
 * ledger entry that crossed: the notice commits or rolls back with the money change.
 */
@ApplicationScoped
public class LowBalanceNotices {

    private final OutboxRepository outbox;

    public LowBalanceNotices(OutboxRepository outbox) {
        this.outbox = outbox;
    }

    public void raise(Connection c, List<LowBalanceCrossing> crossings) throws SQLException {
        for (LowBalanceCrossing crossing : crossings) {
            UUID eventId = UUID.randomUUID();
            LowBalance event = LowBalance.newBuilder()
                    .setEventId(eventId.toString())
                    .setOccurredAt(Timestamp.newBuilder().setSeconds(crossing.at().getEpochSecond())
                            .setNanos(crossing.at().getNano()))
                    .setSchemaVersion(1)
                    .setAccountId(crossing.accountId().toString())
                    .setPhoneCard(crossing.card())
                    .setParentAccountId(crossing.parentId() == null ? "" : crossing.parentId().toString())
                    .setThreshold(Money.format(crossing.threshold()))
                    .setBalanceBefore(Money.format(crossing.before()))
                    .setBalance(Money.format(crossing.after()))
                    .setCurrency(crossing.currency())
                    .setLedgerEntryId(crossing.entryId().toString())
                    .setEntryKind(crossing.kind().name())
                    .build();
            outbox.append(c, EventTopics.LOW_BALANCE, crossing.accountId().toString(), eventId, crossing.at(), event);
        }
    }

    /** How many notices are committed and not yet acknowledged by the broker (the relay's backlog). */
    public long pending(Connection c) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT count(*) FROM outbox_event WHERE topic = ? AND published_at IS NULL")) {
            query.setString(1, EventTopics.LOW_BALANCE);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

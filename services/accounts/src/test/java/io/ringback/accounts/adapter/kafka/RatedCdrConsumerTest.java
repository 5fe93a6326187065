package io.ringback.accounts.adapter.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ringback.accounts.domain.Account;
import io.ringback.common.Failure;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures of a rated CDR are dead-lettered and which are left to be retried. */
class RatedCdrConsumerTest {

    @Test
    void aRecordThatIsWrongItselfIsDeadLettered() {
        assertTrue(RatedCdrConsumer.permanent(new InvalidProtocolBufferException("truncated")));
        assertTrue(RatedCdrConsumer.permanent(new IllegalArgumentException("schema version 2")));
        assertTrue(RatedCdrConsumer.permanent(Account.notFound("x")));
        assertTrue(RatedCdrConsumer.permanent(Failure.invalid("chain-mismatch", "t", "d")));
    }

    @Test
    void aDatabaseOutageTimeoutOrDeadlockIsRetriedNotDeadLettered() {
        assertFalse(RatedCdrConsumer.permanent(new RuntimeException(
                new SQLTransientConnectionException("Acquisition timeout while waiting for new connection"))));
        assertFalse(RatedCdrConsumer.permanent(new RuntimeException(new SQLException("deadlock detected", "40P01"))));
        assertFalse(RatedCdrConsumer.permanent(new RuntimeException(new SQLException("connection refused", "08001"))));
        assertFalse(RatedCdrConsumer.permanent(new IllegalStateException("pool closed")));
        assertFalse(RatedCdrConsumer.permanent(Failure.conflict("in-flight", "t", "d")));
    }
}

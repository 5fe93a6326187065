package io.ringback.cdr.app;

import io.ringback.cdr.adapter.persistence.RatingRepository.CurrentRecord;
import io.ringback.cdr.adapter.persistence.RatingRepository.LevelAmountRow;
import io.ringback.proto.common.v1.LevelCharge;
import io.ringback.proto.events.v1.RatedCdr;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-level differences a correction carries (decision 0014, re-rating). */
class CdrReratingTest {

    @Test
    void aLevelWhoseAccountChangedGivesBackAllItPaidAndTheNewAccountPaysAllWhileUnchangedLevelsCarryNothing() {
        CurrentRecord current = new CurrentRecord(UUID.randomUUID(), new BigDecimal("0.150000"),
                new BigDecimal("0.050000"), List.of(
                        new LevelAmountRow(0, "customer", new BigDecimal("0.150000")),
                        new LevelAmountRow(1, "old-agent", new BigDecimal("0.120000")),
                        new LevelAmountRow(2, "top", new BigDecimal("0.100000"))));
        RatedCdr rated = RatedCdr.newBuilder().setCurrency("USD")
                .addCharges(charge(0, "customer", "0.140001"))
                .addCharges(charge(1, "new-agent", "0.110000"))
                .addCharges(charge(2, "top", "0.100000")).build();

        assertEquals(List.of("0 customer -0.009999", "1 old-agent -0.120000", "1 new-agent 0.110000"),
                CdrRerating.differences(current, rated).stream()
                        .map(d -> d.getLevel() + " " + d.getAccountId() + " " + d.getAmount()).toList());
    }

    private static LevelCharge charge(int level, String account, String charge) {
        return LevelCharge.newBuilder().setLevel(level).setAccountId(account).setCharge(charge).setCurrency("USD")
                .build();
    }
}

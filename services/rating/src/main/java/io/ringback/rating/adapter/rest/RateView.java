package io.ringback.rating.adapter.rest;

import io.ringback.rating.domain.MatchedRate;
import io.ringback.common.Money;
import io.ringback.rating.domain.RateRow;

import java.time.Instant;

/** A rate row of a table, money as decimal strings with 6 places. */
public record RateView(String rateTableId, String currency, String prefix, String description, String pricePerMinute,
                       String connectFee, int firstIncrement, int nextIncrement, Instant validFrom, Instant validTo,
                       String minimumCharge) {

    static RateView of(MatchedRate rate) {
        RateRow row = rate.row();
        return new RateView(rate.table().id(), rate.table().currency(), row.prefix(), row.description(),
                Money.format(row.pricePerMinute()), Money.format(row.connectFee()), row.firstIncrement(),
                row.nextIncrement(), row.validFrom(), row.validTo(),
                row.minimumCharge() == null ? null : Money.format(row.minimumCharge()));
    }
}

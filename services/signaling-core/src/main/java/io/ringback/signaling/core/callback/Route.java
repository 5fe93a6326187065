package io.ringback.signaling.core.callback;

import java.math.BigDecimal;

/**
 * One route from rating's LCR, cheapest first.
 *
 * @param gatewayId        the gateway
 * @param costRateTableId  the gateway's vendor cost table; null when none
 * @param costPerMinute    what the route costs per minute (scale 6)
 */
public record Route(String gatewayId, String costRateTableId, BigDecimal costPerMinute) {
}

/**
 * The rating domain: exact pricing, rate decks with their longest-prefix index, CSV decks, CTD
 * Standard/Flow session rating over the reseller chain, max-duration quotes and LCR. No framework,
 * database or RPC type appears here.
 */
package io.ringback.rating.domain;

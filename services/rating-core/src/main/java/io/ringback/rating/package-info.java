/** The rating rules in plain Java (domain rules §3): pricing, lookup, CSV decks, CTD, quotes, LCR. */
package io.ringback.rating;

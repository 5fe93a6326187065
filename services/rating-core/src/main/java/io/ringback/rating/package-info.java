/** The rating rules in plain Java (domain rules §3): pricing, lookup, quotes, LCR. */
package io.ringback.rating;

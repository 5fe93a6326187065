package io.ringback.rating.adapter.rest;

import io.ringback.rating.domain.TableKind;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/**
 * A rate table to create.
 *
 * @param name     unique, 1 to 200 characters
 * @param kind     CUSTOMER (a rate plan or flow table) or VENDOR (a gateway's costs)
 * @param currency       ISO 4217 code
 * @param ownerAccountId the account that sells on it (a CUSTOMER table only); absent: the caller's own
 *                       account for an agent, the platform for the admin
 */
public record RateTableRequest(@NotBlank @Size(max = 200) String name, @NotNull TableKind kind,
                               @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD") String currency,
                               UUID ownerAccountId) {
}

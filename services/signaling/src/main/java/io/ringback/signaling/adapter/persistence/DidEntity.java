package io.ringback.signaling.adapter.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.UUID;

/** A row of {@code did} (persistence only; REST has its own records). */
@Entity
@Table(name = "did")
public class DidEntity extends ConfigEntity {

    /** E.164 digits without {@code +}. */
    public String number;

    @Column(name = "callback_service_id")
    public UUID callbackServiceId;

    /** Canonical addresses and CIDR ranges ({@code AddressRange#toString}). */
    @Column(name = "trusted_sources", columnDefinition = "text[]")
    public String[] trustedSources;

    @Column(name = "asserted_identity_trusted")
    public boolean assertedIdentityTrusted;

    @Column(name = "country_code")
    public String countryCode;

    @Column(name = "national_prefix")
    public String nationalPrefix;

    @Column(name = "international_prefix")
    public String internationalPrefix;

    @Column(name = "national_number_length")
    public int nationalNumberLength;

    public boolean enabled;
}

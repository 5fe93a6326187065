package io.ringback.signaling.adapter.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.util.UUID;

/** A row of {@code gateway} (persistence only; REST has its own records). */
@Entity
@Table(name = "gateway")
public class GatewayEntity extends ConfigEntity {

    /** NULL: the platform's; otherwise the agent account whose subtree owns it. */
    @Column(name = "owner_account_id")
    public UUID ownerAccountId;

    public String name;

    public String host;

    public int port;

    /** {@code UDP} or {@code TCP}. */
    public String transport;

    /** {@code CALLBACK}, {@code DESTINATION} or {@code BOTH}. */
    public String role;

    @Column(name = "strip_prefix")
    public String stripPrefix;

    @Column(name = "add_prefix")
    public String addPrefix;

    /** {@code E164_PLUS}, {@code E164} or {@code NATIONAL}. */
    @Column(name = "number_format")
    public String numberFormat;

    public int capacity;

    @Column(name = "calls_per_second")
    public int callsPerSecond;

    public int priority;

    public boolean enabled;

    /** Null: the gateway does not challenge (then {@link #digestPassword} is null too). */
    @Column(name = "digest_username")
    public String digestUsername;

    /** The password sealed by {@code CredentialCipher}; never returned by the API. */
    @Column(name = "digest_password")
    public byte[] digestPassword;

    /** Rating's vendor cost table of the gateway's legs; null: none. */
    @Column(name = "vendor_rate_table_id")
    public UUID vendorRateTableId;
}

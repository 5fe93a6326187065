package io.ringback.signaling.adapter.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.util.UUID;

/** A row of {@code callback_service} (persistence only; REST has its own records). */
@Entity
@Table(name = "callback_service")
public class CallbackServiceEntity extends ConfigEntity {

    /** Null: the platform's. */
    @Column(name = "owner_account_id")
    public UUID ownerAccountId;

    public String name;

    @Column(name = "template_id")
    public UUID templateId;

    public String language;

    /** {@code STANDARD}, {@code FLOW}, or null for the account's default. */
    @Column(name = "ctd_mode")
    public String ctdMode;

    @Column(name = "flow_rate_table_id")
    public UUID flowRateTableId;

    /** {@code REGISTERED_ONLY} or {@code PIN_ALLOWED}. */
    @Column(name = "caller_policy")
    public String callerPolicy;

    @Column(name = "minimum_balance", precision = 18, scale = 6)
    public BigDecimal minimumBalance;

    @Column(name = "callback_delay_seconds")
    public int callbackDelaySeconds;

    public int attempts;

    @Column(name = "retry_interval_seconds")
    public int retryIntervalSeconds;

    @Column(name = "ring_timeout_seconds")
    public int ringTimeoutSeconds;

    @Column(name = "max_concurrent_callbacks")
    public int maxConcurrentCallbacks;

    @Column(name = "reject_code")
    public int rejectCode;

    @Column(name = "unauthorized_code")
    public int unauthorizedCode;

    @Column(name = "redial_allowed")
    public boolean redialAllowed;

    public boolean enabled;
}

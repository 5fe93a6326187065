package io.ringback.signaling.adapter.persistence;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A row of {@code template} with its languages, prompts and rules (persistence only; REST has its own records). */
@Entity
@Table(name = "template")
public class TemplateEntity extends ConfigEntity {

    /** NULL: the platform's; otherwise the agent account whose subtree owns it. */
    @Column(name = "owner_account_id")
    public UUID ownerAccountId;

    public String name;

    /** The first is the language the IVR starts in. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "template_language", joinColumns = @JoinColumn(name = "template_id"))
    @OrderColumn(name = "position")
    @Column(name = "language")
    public List<String> languages = new ArrayList<>();

    /** Stage ({@code welcome}, ...) to prompt id. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "template_prompt", joinColumns = @JoinColumn(name = "template_id"))
    @MapKeyColumn(name = "stage")
    @Column(name = "prompt_id")
    public Map<String, String> prompts = new HashMap<>();

    @Column(name = "dtmf_timeout_seconds")
    public int dtmfTimeoutSeconds;

    @Column(name = "inter_digit_timeout_seconds")
    public int interDigitTimeoutSeconds;

    @Column(name = "max_retries")
    public int maxRetries;

    /** {@code #}, {@code *} or empty for none. */
    public String terminator;

    @Column(name = "destination_pattern")
    public String destinationPattern;

    @Column(name = "destination_min_length")
    public int destinationMinLength;

    @Column(name = "destination_max_length")
    public int destinationMaxLength;

    @Column(name = "confirm_destination")
    public boolean confirmDestination;

    /** Null: least cost routing chooses. */
    @Column(name = "default_gateway_id")
    public UUID defaultGatewayId;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "template_rule", joinColumns = @JoinColumn(name = "template_id"))
    @OrderColumn(name = "position")
    public List<TemplateRuleEmbeddable> rules = new ArrayList<>();
}

package io.ringback.proto.events;

/**
 * The Kafka topics of the platform and how an event is carried on them. The payloads are the
 * messages of {@code ringback/events/v1/events.proto}, serialized as protobuf binary; the envelope
 * is a CloudEvent in Kafka binary content mode (RFC-style {@code ce_*} headers).
 */
public final class EventTopics {

    /** An accepted callback trigger ({@code CallbackRequested}); key = caller number. */
    public static final String CALLBACK_JOBS = "callback.jobs";
    /** Every leg state change ({@code LegEvent}); key = callback session id. */
    public static final String CALL_LEGS = "call.legs";
    /** One record per rated leg CDR ({@code RatedCdr}); key = account id. Public contract for analytics. */
    public static final String CDR_RATED = "cdr.rated";
    /** An account's or card's balance crossed its low-balance threshold downwards ({@code LowBalance}); key = account id. */
    public static final String LOW_BALANCE = "accounts.low-balance";

    /** CloudEvents 1.0 Kafka protocol binding, binary content mode. */
    public static final String HEADER_SPEC_VERSION = "ce_specversion";
    public static final String HEADER_ID = "ce_id";
    public static final String HEADER_SOURCE = "ce_source";
    public static final String HEADER_TYPE = "ce_type";
    public static final String HEADER_TIME = "ce_time";
    public static final String HEADER_CONTENT_TYPE = "content-type";
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/protobuf";

    private EventTopics() {
    }

    /** The CloudEvents type of a payload message, e.g. {@code ringback.events.v1.LegEvent}. */
    public static String typeOf(com.google.protobuf.Message payload) {
        return payload.getDescriptorForType().getFullName();
    }
}

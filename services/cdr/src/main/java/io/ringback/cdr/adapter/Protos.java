package io.ringback.cdr.adapter;

import com.google.protobuf.Timestamp;
import io.ringback.cdr.domain.LegRole;
import io.ringback.proto.common.v1.CtdMode;

import java.time.Instant;

/** The assembly's values in the contract's types, one copy for the gRPC and Kafka adapters. */
public final class Protos {

    private Protos() {
    }

    /** {@code STANDARD} / {@code FLOW} as a CtdMode; anything else UNSPECIFIED (the account's default). */
    public static CtdMode ctdMode(String mode) {
        if ("STANDARD".equals(mode)) {
            return CtdMode.CTD_MODE_STANDARD;
        }
        return "FLOW".equals(mode) ? CtdMode.CTD_MODE_FLOW : CtdMode.CTD_MODE_UNSPECIFIED;
    }

    public static io.ringback.proto.common.v1.LegRole role(LegRole role) {
        if (role == null) {
            return io.ringback.proto.common.v1.LegRole.LEG_ROLE_UNSPECIFIED;
        }
        return role == LegRole.A ? io.ringback.proto.common.v1.LegRole.LEG_ROLE_A
                : io.ringback.proto.common.v1.LegRole.LEG_ROLE_B;
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** Null as empty: the database's absent text is the contract's unset string. */
    public static String text(String text) {
        return text == null ? "" : text;
    }
}

package io.ringback.signaling.core.sip;

import java.util.Objects;

/** The user name and clear password we answer a trunk's challenge with (decrypted by the caller). */
public record DigestCredentials(String username, String password) {

    public DigestCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "DigestCredentials[username=" + username + ", password=***]";
    }
}

package io.ringback.signaling.adapter.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/**
 * What every row of the callback configuration has: its id, the version that makes concurrent
 * edits fail instead of overwriting each other, and when it was created and last changed.
 */
@MappedSuperclass
public abstract class ConfigEntity {

    @Id
    public UUID id;

    @Version
    public long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}

package io.aiworkflow.domain.model.registry;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.OffsetDateTime;

/** What every registry entry has: an id, the team that owns it, and when it was made and changed. */
@MappedSuperclass
public abstract class RegistryEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "team_id", nullable = false)
    private Long teamId;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    protected RegistryEntry() {}

    protected RegistryEntry(Long teamId, OffsetDateTime now) {
        this.teamId = teamId;
        this.createdAt = now;
        this.updatedAt = now;
    }

    protected void touch(OffsetDateTime now) {
        this.updatedAt = now;
    }

    /** The name people know the entry by. */
    public abstract String getName();

    public Long getId() {
        return id;
    }

    public Long getTeamId() {
        return teamId;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getUpdatedAt() {
        return updatedAt;
    }
}

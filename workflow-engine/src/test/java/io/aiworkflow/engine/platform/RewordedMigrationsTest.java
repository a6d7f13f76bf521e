package io.aiworkflow.engine.platform;

import io.aiworkflow.engine.support.Postgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A database migrated before the migrations' comments were reworded still deploys. */
class RewordedMigrationsTest {

    private final DataSource db = Postgres.migrated();
    private final Flyway flyway = Flyway.configure()
            .dataSource(db)
            .locations("classpath:db/migration")
            .load();

    @AfterEach
    void restoreTheCurrentChecksums() {
        for (RewordedMigrations.Rewording r : RewordedMigrations.REWORDINGS) {
            Postgres.update(
                    "update flyway_schema_history set checksum = ? where version = ?", r.current(), r.version());
        }
    }

    @Test
    void aHistoryRecordedWithTheEarlierCommentsValidatesOnceAccepted() throws Exception {
        for (RewordedMigrations.Rewording r : RewordedMigrations.REWORDINGS) {
            Postgres.update(
                    "update flyway_schema_history set checksum = ? where version = ?", r.earlier(), r.version());
        }
        assertFalse(flyway.validateWithResult().validationSuccessful, "Flyway refuses the earlier checksums");

        assertEquals(3, RewordedMigrations.accept(db));

        assertTrue(flyway.validateWithResult().validationSuccessful);
        assertEquals(0, RewordedMigrations.accept(db), "nothing left to move");
    }

    @Test
    void aMigrationChangedOtherwiseIsStillReportedByFlyway() throws Exception {
        Postgres.update("update flyway_schema_history set checksum = 12345 where version = '3'");

        assertEquals(0, RewordedMigrations.accept(db));

        assertFalse(flyway.validateWithResult().validationSuccessful);
        assertEquals(
                "12345",
                Postgres.rows("select checksum from flyway_schema_history where version = '3'")
                        .get(0)
                        .get(0));
    }
}

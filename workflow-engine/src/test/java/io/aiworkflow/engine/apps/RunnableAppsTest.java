package io.aiworkflow.engine.apps;

import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.RunnableApps.RunnableApp;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.support.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a run start reads of its app, against the real schema: each refusal, the published design,
 * and how long a change made elsewhere takes to apply.
 */
class RunnableAppsTest {

    /** The clock that ages the remembered rows; the tests move it. */
    private final AtomicLong nanoTime = new AtomicLong();

    private final RunnableApps apps = new RunnableApps(Postgres.migrated(), nanoTime::get);
    private final long team = Postgres.team();
    private final Caller editor = new Caller(1L, "ed", team, Role.editor);

    /** A design of one node, Start, named so the test can tell versions apart. */
    private static String design(String name) {
        return "{\"nodes\":[{\"nodeKey\":\"start\",\"nodeType\":\"Start\",\"name\":\"" + name
                + "\",\"fieldDesigns\":[]}],\"connections\":[]}";
    }

    private void publish(String appId, int version, String name) {
        Timestamp now = Timestamp.from(Instant.now());
        Postgres.update(
                "insert into app_workflow_version (id, app_id, version, function_design, published_at)"
                        + " values (?, ?, ?, ?, ?)",
                UUID.randomUUID().toString(),
                appId,
                version,
                design(name),
                now);
        if (Postgres.update(
                        "update app_workflow_design set is_publish = true, published_version = ?,"
                                + " function_design = ? where app_id = ?",
                        version,
                        design(name),
                        appId)
                == 0) {
            Postgres.update(
                    "insert into app_workflow_design (id, app_id, function_design, is_publish, published_version,"
                            + " created_at, updated_at) values (?, ?, ?, true, ?, ?, ?)",
                    UUID.randomUUID().toString(),
                    appId,
                    design(name),
                    version,
                    now,
                    now);
        }
    }

    /** A published app that a run was started in: its row is remembered. */
    private String startedOnce() {
        String app = Postgres.app(team, "full");
        publish(app, 1, "first");
        apps.published(editor, app);
        return app;
    }

    /** Another server changed the app's row: this one reads it again once the recheck time is over. */
    private void changedElsewhere(String sql, Object... args) {
        Postgres.update(sql, args);
        nanoTime.addAndGet(TimeUnit.MILLISECONDS.toNanos(RunnableApps.RECHECK_MILLIS));
    }

    private static void refused(ErrorCode code, Executable call) {
        assertEquals(code, assertThrows(WorkflowException.class, call).code());
    }

    @Test
    void aPublishedAppAnswersItsTeamNameTraceLevelAndVersion() {
        String app = Postgres.app(team, "none");
        publish(app, 1, "first");

        RunnableApp runnable = apps.published(editor, app);

        assertEquals(team, runnable.teamId());
        assertEquals("app " + app, runnable.name());
        assertEquals("none", runnable.traceLevel());
        assertEquals(1, runnable.publishedVersion());
    }

    @Test
    void theDesignFollowsEachNewPublishedVersion() {
        String app = Postgres.app(team, "full");
        publish(app, 1, "first");
        assertEquals(
                "first", apps.design(apps.published(editor, app)).nodes().get(0).name());

        publish(app, 2, "second");
        nanoTime.addAndGet(TimeUnit.MILLISECONDS.toNanos(RunnableApps.RECHECK_MILLIS));

        assertEquals(
                "second",
                apps.design(apps.published(editor, app)).nodes().get(0).name());
    }

    @Test
    void anAppWithoutAPublishedVersionMayStillRunADraft() {
        String app = Postgres.app(team, "full");

        assertNull(apps.runnable(editor, app).publishedVersion());
        refused(ErrorCode.NOT_PUBLISHED, () -> apps.published(editor, app));
    }

    @Test
    void eachReasonARunCannotStartIsItsOwnError() {
        String app = Postgres.app(team, "full");
        publish(app, 1, "first");

        refused(ErrorCode.FORBIDDEN, () -> apps.published(new Caller(2L, "vi", team, Role.viewer), app));
        refused(
                ErrorCode.APP_NOT_FOUND,
                () -> apps.published(new Caller(3L, "eve", Postgres.team(), Role.editor), app));
        refused(
                ErrorCode.APP_NOT_FOUND,
                () -> apps.published(editor, UUID.randomUUID().toString()));
        refused(ErrorCode.APP_NOT_FOUND, () -> apps.published(editor, null));

        changedElsewhere("update app set disabled = true where id = ?", app);
        refused(ErrorCode.APP_DISABLED, () -> apps.published(editor, app));

        changedElsewhere("update app set disabled = false, app_type = 0 where id = ?", app);
        refused(ErrorCode.CONFLICT, () -> apps.published(editor, app));

        changedElsewhere("update app set app_type = 2, deleted = true where id = ?", app);
        refused(ErrorCode.APP_NOT_FOUND, () -> apps.published(editor, app));
    }

    @Test
    void aChangeMadeOnAnotherServerAppliesWithinTheRecheckTime() {
        String app = startedOnce();

        Postgres.update("update app set disabled = true, trace_level = 'none' where id = ?", app);
        nanoTime.addAndGet(TimeUnit.MILLISECONDS.toNanos(RunnableApps.RECHECK_MILLIS) - 1);
        assertEquals("full", apps.published(editor, app).traceLevel(), "remembered: no query on this start");

        nanoTime.addAndGet(1);
        refused(ErrorCode.APP_DISABLED, () -> apps.published(editor, app));
    }

    @Test
    void aChangeMadeOnThisServerAppliesToTheNextStart() {
        String app = startedOnce();

        Postgres.update("update app set disabled = true where id = ?", app);
        apps.changing(app); // as AppRepository.lockApp does for every change

        refused(ErrorCode.APP_DISABLED, () -> apps.published(editor, app));
    }

    @Test
    void whoMayStartIsCheckedOnEveryCallAgainstTheRememberedApp() {
        String app = startedOnce();

        refused(ErrorCode.FORBIDDEN, () -> apps.published(new Caller(2L, "vi", team, Role.viewer), app));
        refused(
                ErrorCode.APP_NOT_FOUND,
                () -> apps.published(new Caller(3L, "eve", Postgres.team(), Role.editor), app));
    }
}

package io.aiworkflow.engine.retention;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.AppRepository;
import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.platform.ServerIdentity;
import io.aiworkflow.engine.retention.RetentionStore.Pass;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.settings.Settings;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;

/** Apps' retention policies, and the passes of the retention job that applies them. */
@ApplicationScoped
public class RetentionService {

    /** The Jakarta Batch job that deletes expired runs (META-INF/batch-jobs). */
    public static final String JOB = "history-retention";

    public static final String PASS_ID = "passId";

    private static final Logger LOG = Logger.getLogger(RetentionService.class.getName());

    @Inject
    private RetentionStore store;

    @Inject
    private AppRepository apps;

    @Inject
    private AuditLog audit;

    @Inject
    private ServerIdentity server;

    /** An app's policy: its own, or the platform default it follows. */
    public record AppRetention(String appId, RetentionPolicy policy, boolean own, RetentionPolicy platformDefault) {}

    public AppRetention of(Caller caller, String appId) {
        apps.visibleApp(caller, appId);
        return view(appId);
    }

    /** Gives the app a policy of its own (both limits null: keep every run of it). */
    public AppRetention set(Caller caller, String appId, RetentionPolicy policy) {
        AccessPolicy.requireWrite(caller);
        apps.visibleApp(caller, appId);
        store.set(appId, policy, caller.name());
        audit.record(caller, AuditAction.RETENTION_POLICY, appId, policy.describe());
        return view(appId);
    }

    /** The app follows the platform default again. */
    public AppRetention clear(Caller caller, String appId) {
        AccessPolicy.requireWrite(caller);
        apps.visibleApp(caller, appId);
        store.clear(appId);
        audit.record(caller, AuditAction.RETENTION_POLICY, appId, "platform default");
        return view(appId);
    }

    private AppRetention view(String appId) {
        RetentionPolicy platform = platformDefault();
        Optional<RetentionPolicy> own = store.ofApp(appId);
        return new AppRetention(appId, own.orElse(platform), own.isPresent(), platform);
    }

    /** Whether some app has a policy of its own (else only the platform default can expire runs). */
    boolean anyAppPolicy() {
        return store.anyAppPolicy();
    }

    public RetentionPolicy platformDefault() {
        return RetentionPolicy.platformDefault(Settings.current());
    }

    /** Starts a pass now (admins): {@code 409} while another is under way. */
    public Pass start(Caller caller) {
        AccessPolicy.requireAdmin(caller);
        if (store.anyUnderWay()) {
            throw new WorkflowException(ErrorCode.CONFLICT, "a retention pass is under way already");
        }
        long id = store.open(caller.name(), server.serverId(), null).orElseThrow();
        audit.record(caller, AuditAction.RETENTION_RUN, Long.toString(id), null);
        launch(id);
        return store.pass(id).orElseThrow();
    }

    /** The nightly pass of {@code night}, unless another server started it already. */
    public Optional<Long> startNightly(LocalDate night) {
        Optional<Long> id = store.open("nightly", server.serverId(), night);
        id.ifPresent(this::launch);
        return id;
    }

    private void launch(long passId) {
        Properties properties = new Properties();
        properties.setProperty(PASS_ID, Long.toString(passId));
        try {
            long execution = BatchRuntime.getJobOperator().start(JOB, properties);
            store.running(passId, execution);
            LOG.info("retention pass " + passId + " started (job execution " + execution + ")");
        } catch (RuntimeException e) {
            store.end(passId, "FAILED", "the job did not start: " + e.getMessage());
            throw e;
        }
    }

    public Pass pass(Caller caller, long id) {
        AccessPolicy.requireAdmin(caller);
        return store.pass(id).orElseThrow(() -> new WorkflowException(ErrorCode.NOT_FOUND, "no retention pass " + id));
    }

    public List<Pass> recent(Caller caller) {
        AccessPolicy.requireAdmin(caller);
        return store.recent(20);
    }
}

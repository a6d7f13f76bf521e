package io.aiworkflow.engine.runs;

import io.aiworkflow.domain.model.app.AppWorkflowDesign;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.AppRepository;
import io.aiworkflow.engine.history.InstanceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The designs past runs ran and the version a repeat of them runs: replays, retries and bulk
 * re-runs name it {@code original} (the run's own), {@code published} or by number.
 */
@ApplicationScoped
public class RecordedDesigns {

    @Inject
    private AppRepository apps;

    @Inject
    private InstanceStore instances;

    /** The version {@code spec} names for a run of {@code appId} that ran {@code recordedVersion}. */
    public int targetVersion(String appId, int recordedVersion, String spec) {
        if (spec == null || spec.isBlank() || spec.equals("original")) {
            return recordedVersion;
        }
        if (spec.equals("published")) {
            return apps.design(appId)
                    .filter(AppWorkflowDesign::isPublish)
                    .map(AppWorkflowDesign::getPublishedVersion)
                    .orElseThrow(() -> new WorkflowException(
                            ErrorCode.NOT_PUBLISHED, "app " + appId + " has no published version"));
        }
        return parseVersion(spec);
    }

    /** Checks a version as a request gives it: {@code original}, {@code published} or a number. */
    public static String checkSpec(String spec) {
        if (spec != null && !spec.equals("original") && !spec.equals("published")) {
            parseVersion(spec);
        }
        return spec;
    }

    private static int parseVersion(String spec) {
        try {
            return Integer.parseInt(spec);
        } catch (NumberFormatException e) {
            throw WorkflowException.validation("version", "must be original, published or a version number");
        }
    }

    /** The design (JSON) of {@code version} as run {@code instanceId} ran it: a draft run's own design. */
    public String designJson(String instanceId, String appId, int version) {
        if (version == InstanceStore.DRAFT_VERSION) {
            Optional<String> draft = instances.draftDesign(instanceId);
            if (draft.isPresent()) {
                return draft.get();
            }
        }
        return apps.version(appId, version)
                .map(v -> v.getFunctionDesign())
                .orElseThrow(() -> new WorkflowException(
                        ErrorCode.VERSION_NOT_FOUND, "app " + appId + " has no version " + version));
    }
}

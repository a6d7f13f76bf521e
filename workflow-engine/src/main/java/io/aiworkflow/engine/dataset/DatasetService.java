package io.aiworkflow.engine.dataset;

import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.model.app.App;
import io.aiworkflow.domain.model.app.AppWorkflowDesign;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.apps.AppRepository;
import io.aiworkflow.engine.dataset.DatasetParser.Parsed;
import io.aiworkflow.engine.dataset.DatasetParser.Row;
import io.aiworkflow.engine.dataset.DatasetParser.RowError;
import io.aiworkflow.engine.execution.StartParameters;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Uploads datasets for an app: every row is read and checked against the published version's
 * Start parameters before anything is stored. With a bad row the upload is refused, listing each
 * bad row by line (up to 100), unless bad rows are to be skipped (they are then reported).
 */
@ApplicationScoped
public class DatasetService {

    static final int REPORTED_ERRORS = 100;

    /** A stored dataset, with the rows left out because they were bad (when asked to skip them). */
    public record Uploaded(Dataset dataset, List<RowError> skipped) {}

    @Inject
    private AppRepository apps;

    @Inject
    private DatasetStore store;

    public Uploaded upload(
            Caller caller, String appId, String name, String text, DatasetFormat format, boolean skipBadRows) {
        AccessPolicy.requireWrite(caller);
        App app = apps.visibleApp(caller, appId);
        if (name == null || name.isBlank() || name.length() > 200) {
            throw WorkflowException.validation("name", "is required (at most 200 characters)");
        }
        NodeDesign start = publishedStart(app.getId());
        Parsed parsed = DatasetParser.parse(text, format, declaredTypes(start));
        List<RowError> errors = new ArrayList<>(parsed.errors());
        List<Row> good = new ArrayList<>();
        for (Row row : parsed.rows()) {
            try {
                StartParameters.resolve(start, row.parameters());
                good.add(row);
            } catch (NodeFailure e) {
                errors.add(new RowError(row.line(), e.getMessage()));
            }
        }
        errors.sort((a, b) -> Integer.compare(a.line(), b.line()));
        int limit = Settings.current().intValue(Setting.BULK_MAX_ITEMS, 100_000);
        if (good.size() > limit) {
            throw WorkflowException.validation("rows", "a dataset holds at most " + limit + " rows");
        }
        if (!errors.isEmpty() && !skipBadRows) {
            throw new WorkflowException(
                    ErrorCode.VALIDATION_ERROR,
                    errors.size() + " row(s) cannot run; first: line "
                            + errors.get(0).line() + ": " + errors.get(0).message()
                            + ". Nothing was stored (skipBadRows=true stores the good rows)",
                    Map.of("errors", report(errors)));
        }
        if (good.isEmpty()) {
            throw WorkflowException.validation("rows", "the dataset has no row that can run");
        }
        Dataset dataset = store.save(app.getTeamId(), app.getId(), name.strip(), parsed.columns(), good, caller.name());
        return new Uploaded(dataset, errors.subList(0, Math.min(errors.size(), REPORTED_ERRORS)));
    }

    public List<Dataset> list(Caller caller, String appId) {
        apps.visibleApp(caller, appId);
        return store.ofApp(appId);
    }

    public Dataset get(Caller caller, String datasetId) {
        Dataset dataset = store.find(datasetId).orElseThrow(() -> notFound(datasetId));
        if (!AccessPolicy.canSee(caller, dataset.teamId())) {
            throw notFound(datasetId);
        }
        return dataset;
    }

    public List<Row> rows(Caller caller, String datasetId, int page, int pageSize) {
        get(caller, datasetId);
        int size = pageSize <= 0 ? 50 : Math.min(pageSize, 500);
        return store.rows(datasetId, (Math.max(page, 1) - 1) * size, size);
    }

    private NodeDesign publishedStart(String appId) {
        String json = apps.design(appId)
                .filter(AppWorkflowDesign::isPublish)
                .map(AppWorkflowDesign::getFunctionDesign)
                .orElseThrow(() -> new WorkflowException(
                        ErrorCode.NOT_PUBLISHED, "app " + appId + " has no published version to check rows against"));
        FunctionDesign design = FunctionDesignReader.read(Jsons.parse(json));
        List<NodeDesign> starts = design.nodesOfType(NodeType.Start);
        if (starts.size() != 1) {
            throw new WorkflowException(ErrorCode.CONFLICT, "app " + appId + " has no single Start node");
        }
        return starts.get(0);
    }

    private static Map<String, String> declaredTypes(NodeDesign start) {
        Map<String, String> types = new LinkedHashMap<>();
        for (FieldDesign field : start.fieldDesigns()) {
            if (!NodeDesign.isSetting(field.fieldName())
                    && field.value() instanceof JsonObject declaration
                    && declaration.get("fieldType") instanceof JsonString type) {
                types.put(field.fieldName(), type.getString());
            }
        }
        return types;
    }

    private static List<Map<String, Object>> report(List<RowError> errors) {
        return errors.stream()
                .limit(REPORTED_ERRORS)
                .map(e -> Map.<String, Object>of("line", e.line(), "message", e.message()))
                .toList();
    }

    private static WorkflowException notFound(String id) {
        return new WorkflowException(ErrorCode.NOT_FOUND, "no dataset with id " + id);
    }
}

package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Datasets on the real WAR: a CSV with a bad row is refused with its line and stores nothing; a
 * good one runs on two versions as a bulk operation, and its export matches history.
 */
class DatasetRunIT {

    private static final Api api = Api.admin();

    private static JsonObject design(String code) {
        return WorkflowDesign.design()
                .node("start", "Start", param("n", "Number", true), param("label", "String", false))
                .node("js", "JavaScript", fixed("code", code), variable("n", "input.n"))
                .node("end", "End", variable("value", "js.value"))
                .connect("start", "js")
                .connect("js", "end")
                .build();
    }

    private static Api.Reply upload(String app, String name, String contentType, String body, boolean skip) {
        return Api.send(HttpRequest.newBuilder(
                        Api.uri("api/app/" + app + "/datasets?name=" + name + (skip ? "&skipBadRows=true" : "")))
                .header("Authorization", "Bearer " + api.key())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** A download, as a browser or curl asks for it (any type). */
    private static String download(String path) {
        Api.Reply reply = Api.send(HttpRequest.newBuilder(Api.uri(path))
                .header("Authorization", "Bearer " + api.key())
                .header("Accept", "*/*")
                .GET()
                .build());
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.raw()
                .headers()
                .firstValue("Content-Disposition")
                .orElse("")
                .contains("attachment"));
        return reply.body();
    }

    @Test
    void aBadRowIsRefusedByLineAndAGoodDatasetRunsOnTwoVersions() throws Exception {
        String app = Workflows.publish(
                api, "dataset " + UUID.randomUUID(), design("function main(i) { return {value: i.n * 2}; }"));
        assertEquals(
                200,
                api.put(
                                "api/app/workflow/definition/" + app,
                                Json.createObjectBuilder()
                                        .add(
                                                "functionDesignDraft",
                                                design("function main(i) { return {value: i.n * 3}; }"))
                                        .build())
                        .status());
        assertEquals(
                200,
                api.post("api/app/workflow/definition/" + app + "/publish", null)
                        .status());

        Api.Reply bad = upload(app, "smoke", "text/csv", "n,label\n1,one\nabc,two\n3,three\n,four\n", false);
        assertEquals(400, bad.status(), bad.body());
        List<JsonObject> errors = bad.json().getJsonObject("details").getJsonArray("errors").stream()
                .map(JsonValue::asJsonObject)
                .toList();
        assertEquals(3, errors.get(0).getInt("line"), bad.body());
        assertTrue(errors.get(0).getString("message").contains("not a number"), bad.body());
        assertEquals(5, errors.get(1).getInt("line"), "a missing required parameter: " + bad.body());
        assertEquals(
                0, api.get("api/app/" + app + "/datasets").value().asJsonArray().size(), "nothing stored");

        Api.Reply skipped = upload(app, "smoke", "text/csv", "n,label\n1,one\nabc,two\n", true);
        assertEquals(201, skipped.status(), skipped.body());
        assertEquals(1, skipped.json().getJsonObject("dataset").getInt("rowCount"));
        assertEquals(3, skipped.json().getJsonArray("skipped").getJsonObject(0).getInt("line"));

        Api.Reply good = upload(
                app, "smoke", "application/x-ndjson", "{\"n\":1}\n{\"n\":2,\"label\":\"b\"}\n\n{\"n\":5}\n", false);
        assertEquals(201, good.status(), good.body());
        JsonObject dataset = good.json().getJsonObject("dataset");
        assertEquals(2, dataset.getInt("version"), "same name: the next version");
        assertEquals(3, dataset.getInt("rowCount"));

        // the same as a form upload: the file's name gives the dataset's name and, here, its format
        String boundary = "wf-" + UUID.randomUUID();
        String form = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"nightly.jsonl\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "{\"n\":7}\n{\"n\":8}\n\r\n"
                + "--" + boundary + "--\r\n";
        Api.Reply multipart = upload(app, "", "multipart/form-data; boundary=" + boundary, form, false);
        assertEquals(201, multipart.status(), multipart.body());
        assertEquals("nightly", multipart.json().getJsonObject("dataset").getString("name"));
        assertEquals(2, multipart.json().getJsonObject("dataset").getInt("rowCount"));

        JsonObject request = Json.createObjectBuilder()
                .add("action", "run")
                .add("selection", Json.createObjectBuilder().add("datasetId", dataset.getString("id")))
                .add("versions", Json.createArrayBuilder().add(1).add(2))
                .add("startsPerSecond", 50)
                .add("reason", "compare doubling and tripling")
                .build();
        JsonObject dry = api.post("api/bulk-operations", request).json();
        assertEquals(6, dry.getInt("count", -1), dry.toString());
        Api.Reply started = api.post(
                "api/bulk-operations",
                Json.createObjectBuilder(request)
                        .add("dryRun", false)
                        .add("selectionToken", dry.getString("selectionToken"))
                        .add("expectedCount", 6)
                        .build());
        assertEquals(201, started.status(), started.body());
        String op = started.json().getString("id");
        JsonObject end = BulkOperationIT.awaitEnd(op);
        assertEquals("COMPLETED", end.getString("state"), end.toString());

        // the export says what history says, item by item
        String csv = download("api/bulk-operations/" + op + "/results?format=csv");
        List<CSVRecord> records;
        try (CSVParser parser = CSVParser.parse(
                new StringReader(csv),
                CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get())) {
            records = parser.getRecords();
        }
        assertEquals(6, records.size(), csv);
        for (CSVRecord record : records) {
            JsonObject run = api.get("api/app/workflow/instance/" + record.get("instanceId"))
                    .json();
            assertEquals("Completed", run.getString("state"));
            assertEquals(run.getJsonObject("result").toString(), record.get("outputs"));
            assertEquals(
                    run.getJsonObject("parameters").getInt("n"),
                    Integer.parseInt(Json.createReader(new StringReader(record.get("inputs")))
                            .readObject()
                            .getJsonNumber("n")
                            .toString()));
            assertEquals(String.valueOf(run.getInt("version")), record.get("version"));
            assertEquals(op, run.getString("bulkOperationId"));
        }

        // side by side: one line per row, both versions
        List<JsonObject> rows = download("api/bulk-operations/" + op + "/results?format=jsonl&layout=rows")
                .lines()
                .map(l -> Json.createReader(new StringReader(l)).readObject())
                .toList();
        assertEquals(3, rows.size());
        JsonObject second = rows.get(1);
        assertEquals(2, second.getJsonObject("inputs").getInt("n"));
        assertEquals(
                4,
                second.getJsonObject("versions")
                        .getJsonObject("1")
                        .getJsonObject("outputs")
                        .getInt("value"));
        assertEquals(
                6,
                second.getJsonObject("versions")
                        .getJsonObject("2")
                        .getJsonObject("outputs")
                        .getInt("value"));
        assertTrue(second.getString("compare").contains("compare.xhtml?a="), second.toString());
    }
}

package io.aiworkflow.engine.bulk;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports what an operation's items did (inputs, outputs, state, error, duration, tokens, the run)
 * as CSV or JSON Lines, streamed from a database cursor: 100,000 items need no more heap than a
 * few hundred. {@link Layout#ROWS} puts a dataset run's versions side by side, one line per row
 * and repetition, with a link to compare the first two versions' runs.
 */
@ApplicationScoped
public class BulkResults {

    public enum Format {
        CSV,
        JSONL
    }

    public enum Layout {
        ITEMS,
        ROWS
    }

    private static final int FETCH = 500;
    private static final List<String> ITEM_COLUMNS = List.of(
            "seq",
            "datasetLine",
            "repetition",
            "version",
            "sourceInstanceId",
            "instanceId",
            "state",
            "error",
            "durationMs",
            "totalTokens",
            "inputs",
            "outputs");
    private static final List<String> RESULT_COLUMNS =
            List.of("instanceId", "state", "error", "durationMs", "totalTokens", "outputs");

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    /** For CDI. */
    public BulkResults() {}

    /** Outside the container (tests): a plain data source. */
    public BulkResults(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** {@code versions}: a dataset run's versions, in order (the ROWS layout's column groups). */
    public void write(String operationId, Format format, Layout layout, List<Integer> versions, Writer out)
            throws IOException {
        String order = layout == Layout.ROWS ? "i.dataset_line, i.repetition, i.item_version" : "i.seq";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a cursor: rows come FETCH at a time
            try (PreparedStatement ps = c.prepareStatement("select i.seq, i.dataset_line, i.repetition,"
                    + " coalesce(i.item_version, w.version) as version, i.source_instance_id, i.instance_id, i.state,"
                    + " i.error, w.duration_ms, w.total_tokens, coalesce(w.parameters, r.parameters) as inputs,"
                    + " w.result from bulk_operation_item i"
                    + " left join workflow_instance w on w.id = i.instance_id"
                    + " left join dataset_row r on r.dataset_id = i.dataset_id and r.line = i.dataset_line"
                    + " where i.operation_id = ? order by " + order)) {
                ps.setFetchSize(FETCH);
                ps.setString(1, operationId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (layout == Layout.ROWS) {
                        writeRows(rs, format, versions, out);
                    } else {
                        writeItems(rs, format, out);
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
        out.flush();
    }

    private static void writeItems(ResultSet rs, Format format, Writer out) throws SQLException, IOException {
        CSVPrinter csv = format == Format.CSV ? csv(out, ITEM_COLUMNS) : null;
        while (rs.next()) {
            JsonObject item = Jsons.object()
                    .add("seq", rs.getInt("seq"))
                    .add("datasetLine", number(rs, "dataset_line"))
                    .add("repetition", number(rs, "repetition"))
                    .add("version", number(rs, "version"))
                    .add("sourceInstanceId", text(rs, "source_instance_id"))
                    .add("instanceId", text(rs, "instance_id"))
                    .add("state", rs.getString("state"))
                    .add("error", text(rs, "error"))
                    .add("durationMs", number(rs, "duration_ms"))
                    .add("totalTokens", number(rs, "total_tokens"))
                    .add("inputs", json(rs, "inputs"))
                    .add("outputs", json(rs, "result"))
                    .build();
            if (csv != null) {
                csv.printRecord(
                        ITEM_COLUMNS.stream().map(k -> Jsons.text(item.get(k))).toList());
            } else {
                out.write(item.toString());
                out.write('\n');
            }
        }
        if (csv != null) {
            csv.flush();
        }
    }

    private static void writeRows(ResultSet rs, Format format, List<Integer> versions, Writer out)
            throws SQLException, IOException {
        List<String> columns = new ArrayList<>(List.of("datasetLine", "repetition", "inputs"));
        for (int v : versions) {
            RESULT_COLUMNS.forEach(k -> columns.add("v" + v + "." + k));
        }
        CSVPrinter csv = format == Format.CSV ? csv(out, columns) : null;
        Integer line = null;
        Integer repetition = null;
        JsonValue inputs = JsonValue.NULL;
        Map<Integer, JsonObject> results = new LinkedHashMap<>();
        while (rs.next()) {
            Integer rowLine = (Integer) rs.getObject("dataset_line");
            Integer rowRepetition = (Integer) rs.getObject("repetition");
            if (line != null && (!line.equals(rowLine) || !repetition.equals(rowRepetition))) {
                writeRow(line, repetition, inputs, results, versions, csv, out);
                results.clear();
            }
            line = rowLine;
            repetition = rowRepetition;
            inputs = json(rs, "inputs");
            results.put(
                    rs.getInt("version"),
                    Jsons.object()
                            .add("instanceId", text(rs, "instance_id"))
                            .add("state", rs.getString("state"))
                            .add("error", text(rs, "error"))
                            .add("durationMs", number(rs, "duration_ms"))
                            .add("totalTokens", number(rs, "total_tokens"))
                            .add("outputs", json(rs, "result"))
                            .build());
        }
        if (line != null) {
            writeRow(line, repetition, inputs, results, versions, csv, out);
        }
        if (csv != null) {
            csv.flush();
        }
    }

    private static void writeRow(
            Integer line,
            Integer repetition,
            JsonValue inputs,
            Map<Integer, JsonObject> results,
            List<Integer> versions,
            CSVPrinter csv,
            Writer out)
            throws IOException {
        if (csv != null) {
            List<String> cells =
                    new ArrayList<>(List.of(String.valueOf(line), String.valueOf(repetition), Jsons.text(inputs)));
            for (int v : versions) {
                JsonObject r = results.getOrDefault(v, JsonValue.EMPTY_JSON_OBJECT);
                RESULT_COLUMNS.forEach(k -> cells.add(Jsons.text(r.get(k))));
            }
            csv.printRecord(cells);
            return;
        }
        JsonObjectBuilder byVersion = Jsons.object();
        results.forEach((v, r) -> byVersion.add(String.valueOf(v), r));
        JsonObjectBuilder row = Jsons.object()
                .add("datasetLine", line)
                .add("repetition", repetition)
                .add("inputs", inputs)
                .add("versions", byVersion);
        List<String> runs = versions.stream()
                .map(results::get)
                .filter(r -> r != null && r.get("instanceId") instanceof jakarta.json.JsonString)
                .map(r -> r.getString("instanceId"))
                .toList();
        if (runs.size() >= 2) {
            row.add("compare", "/console/compare.xhtml?a=" + runs.get(0) + "&b=" + runs.get(1));
        }
        out.write(row.build().toString());
        out.write('\n');
    }

    private static CSVPrinter csv(Writer out, List<String> header) throws IOException {
        return new CSVPrinter(
                out,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader(header.toArray(String[]::new))
                        .get());
    }

    private static JsonValue text(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? JsonValue.NULL : Jsons.string(value);
    }

    private static JsonValue number(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? JsonValue.NULL : Jsons.number(value);
    }

    private static JsonValue json(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? JsonValue.NULL : Jsons.parseStored(value);
    }
}

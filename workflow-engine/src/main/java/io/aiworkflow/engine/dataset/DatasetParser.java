package io.aiworkflow.engine.dataset;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an uploaded dataset into rows of parameters, each with its line in the file. CSV cells are
 * text, so each is read as the type its Start parameter declares (a number, true/false, JSON for
 * objects and arrays); an empty cell is an absent parameter. A row that cannot be read is an error
 * on its line, never a silently dropped row.
 */
public final class DatasetParser {

    /** A row of parameters, and the line of the file it came from (1-based). */
    public record Row(int line, JsonObject parameters) {}

    public record RowError(int line, String message) {}

    public record Parsed(List<Row> rows, List<RowError> errors, List<String> columns) {}

    private DatasetParser() {}

    /** {@code types}: each declared parameter's field type (String, Number, Boolean, Object, Array, Dynamic). */
    public static Parsed parse(String text, DatasetFormat format, Map<String, String> types) {
        return switch (format) {
            case CSV -> csv(text, types);
            case JSON_LINES -> jsonLines(text);
            case JSON_ARRAY -> jsonArray(text);
        };
    }

    private static Parsed csv(String text, Map<String, String> types) {
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> columns = parser.getHeaderNames();
            for (CSVRecord record : parser) {
                int line = (int) record.getRecordNumber() + 1; // the header is line 1
                if (!record.isConsistent()) {
                    errors.add(new RowError(line, "has " + record.size() + " cells, the header has " + columns.size()));
                    continue;
                }
                JsonObjectBuilder parameters = Jsons.object();
                String problem = null;
                for (String column : columns) {
                    String cell = record.get(column);
                    if (cell == null || cell.isEmpty()) {
                        continue;
                    }
                    try {
                        parameters.add(column, typed(cell, types.getOrDefault(column, "String")));
                    } catch (IllegalArgumentException e) {
                        problem = "column '" + column + "': " + e.getMessage();
                        break;
                    }
                }
                if (problem != null) {
                    errors.add(new RowError(line, problem));
                } else {
                    rows.add(new Row(line, parameters.build()));
                }
            }
            return new Parsed(rows, errors, columns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new Parsed(
                    rows, List.of(new RowError(1, "not a CSV with a header row: " + e.getMessage())), List.of());
        }
    }

    private static JsonValue typed(String cell, String type) {
        return switch (type) {
            case "Number" -> {
                try {
                    yield Jsons.toJson(new BigDecimal(cell));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + cell + "' is not a number");
                }
            }
            case "Boolean" -> {
                if (cell.equalsIgnoreCase("true") || cell.equalsIgnoreCase("false")) {
                    yield Jsons.bool(Boolean.parseBoolean(cell.toLowerCase()));
                }
                throw new IllegalArgumentException("'" + cell + "' is not true or false");
            }
            case "Object", "Array" -> {
                try {
                    yield Jsons.parse(cell);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("is not JSON: " + e.getMessage());
                }
            }
            default -> Jsons.string(cell);
        };
    }

    private static Parsed jsonLines(String text) {
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (Jsons.parse(line) instanceof JsonObject o) {
                    rows.add(new Row(i + 1, o));
                    columns.addAll(o.keySet());
                } else {
                    errors.add(new RowError(i + 1, "is not a JSON object"));
                }
            } catch (RuntimeException e) {
                errors.add(new RowError(i + 1, "is not JSON: " + e.getMessage()));
            }
        }
        return new Parsed(rows, errors, List.copyOf(columns));
    }

    /** A JSON array of objects; "line" is the element's position (1-based). */
    private static Parsed jsonArray(String text) {
        JsonValue value;
        try {
            value = Jsons.parse(text);
        } catch (RuntimeException e) {
            return new Parsed(List.of(), List.of(new RowError(1, "is not JSON: " + e.getMessage())), List.of());
        }
        if (!(value instanceof JsonArray array)) {
            return new Parsed(List.of(), List.of(new RowError(1, "is not a JSON array of objects")), List.of());
        }
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) instanceof JsonObject o) {
                rows.add(new Row(i + 1, o));
                columns.addAll(o.keySet());
            } else {
                errors.add(new RowError(i + 1, "element " + (i + 1) + " is not a JSON object"));
            }
        }
        return new Parsed(rows, errors, List.copyOf(columns));
    }
}

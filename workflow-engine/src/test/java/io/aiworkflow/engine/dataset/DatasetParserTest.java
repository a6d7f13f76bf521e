package io.aiworkflow.engine.dataset;

import io.aiworkflow.engine.dataset.DatasetParser.Parsed;
import io.aiworkflow.engine.support.J;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading uploads: typed CSV cells, line numbers a person finds in their file, nothing dropped silently. */
class DatasetParserTest {

    private static final Map<String, String> TYPES =
            Map.of("n", "Number", "ok", "Boolean", "tags", "Array", "name", "String");

    @Test
    void csvCellsTakeTheirDeclaredTypes() {
        Parsed parsed = DatasetParser.parse(
                "name,n,ok,tags\n\"Smith, J\",1.5,true,\"[\"\"a\"\"]\"\nAda,,FALSE,\n", DatasetFormat.CSV, TYPES);
        assertEquals(List.of(), parsed.errors());
        assertEquals(List.of("name", "n", "ok", "tags"), parsed.columns());
        assertEquals(
                J.obj("{'name':'Smith, J','n':1.5,'ok':true,'tags':['a']}"),
                parsed.rows().get(0).parameters());
        assertEquals(2, parsed.rows().get(0).line());
        assertEquals(J.obj("{'name':'Ada','ok':false}"), parsed.rows().get(1).parameters(), "empty cells are absent");
    }

    @Test
    void badCsvRowsAreErrorsOnTheirLines() {
        Parsed parsed = DatasetParser.parse("n,ok\n1,true\nx,true\n2,maybe\n3\n", DatasetFormat.CSV, TYPES);
        assertEquals(1, parsed.rows().size());
        assertEquals(
                List.of(3, 4, 5),
                parsed.errors().stream().map(DatasetParser.RowError::line).toList());
        assertTrue(parsed.errors().get(0).message().contains("'x' is not a number"));
        assertTrue(parsed.errors().get(1).message().contains("not true or false"));
        assertTrue(parsed.errors().get(2).message().contains("has 1 cells"));
    }

    @Test
    void jsonLinesAndArraysKeepTheirPositions() {
        Parsed lines = DatasetParser.parse("{\"n\":1}\n\n[1]\n{\"n\":", DatasetFormat.JSON_LINES, TYPES);
        assertEquals(1, lines.rows().size());
        assertEquals(
                List.of(3, 4),
                lines.errors().stream().map(DatasetParser.RowError::line).toList());
        Parsed array = DatasetParser.parse("[{\"n\":1},2,{\"n\":3}]", DatasetFormat.JSON_ARRAY, TYPES);
        assertEquals(
                List.of(1, 3),
                array.rows().stream().map(DatasetParser.Row::line).toList());
        assertEquals(2, array.errors().get(0).line());
    }
}

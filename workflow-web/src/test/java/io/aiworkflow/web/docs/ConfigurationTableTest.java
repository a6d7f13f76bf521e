package io.aiworkflow.web.docs;

import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.launcher.LaunchSetting;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README's configuration table and the code's lists of settings cannot drift apart. */
class ConfigurationTableTest {

    private static final Pattern NAME = Pattern.compile("`(WORKFLOW_[A-Z_]+)`");

    /** Each variable the table names, with its row's default cell. */
    private static Map<String, String> documented() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Configuration"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line :
                section.lines().filter(l -> l.startsWith("| `WORKFLOW_")).toList()) {
            String[] cells = line.split("\\|");
            Matcher names = NAME.matcher(cells[1]);
            while (names.find()) {
                rows.put(names.group(1), cells[2].trim());
            }
        }
        return rows;
    }

    @Test
    void theTableListsEverySettingTheCodeReadsAndNoOther() throws IOException {
        Set<String> inCode = Stream.concat(
                        Arrays.stream(Setting.values()).map(Setting::key),
                        Arrays.stream(LaunchSetting.values()).map(LaunchSetting::key))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(inCode, new TreeSet<>(documented().keySet()));
    }

    @Test
    void eachDefaultInTheTableIsTheCodesDefault() throws IOException {
        Map<String, String> rows = documented();
        Map<String, String> defaults = new LinkedHashMap<>();
        Arrays.stream(Setting.values())
                .filter(s -> s.defaultValue() != null)
                .forEach(s -> defaults.put(s.key(), s.defaultValue()));
        Arrays.stream(LaunchSetting.values())
                .filter(s -> s.defaultValue() != null)
                .forEach(s -> defaults.put(s.key(), s.defaultValue()));
        defaults.forEach((key, value) -> assertTrue(
                rows.get(key).contains("`" + value + "`"),
                key + " defaults to " + value + " in the code, but README says: " + rows.get(key)));
    }
}

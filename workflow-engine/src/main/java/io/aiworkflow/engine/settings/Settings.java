package io.aiworkflow.engine.settings;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The values of the {@link Setting}s, read once. In the server they come through MicroProfile
 * Config (environment variables, system properties, config files); outside one (the benchmark, unit
 * tests) from the environment. Blank values count as unset.
 */
public final class Settings {

    private static volatile Settings current;

    private final Map<Setting, String> values;

    private Settings(Map<Setting, String> values) {
        this.values = values;
    }

    /** The platform's settings, read on first use. */
    public static Settings current() {
        Settings settings = current;
        if (settings == null) {
            synchronized (Settings.class) {
                if (current == null) {
                    current = read();
                }
                settings = current;
            }
        }
        return settings;
    }

    /** Settings from these key/value pairs (keys as {@link Setting#key()}): for tests. */
    public static Settings of(Map<String, String> byKey) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String v = byKey.get(s.key());
            if (v != null && !v.isBlank()) {
                values.put(s, v);
            }
        }
        return new Settings(values);
    }

    private static Settings read() {
        Map<String, String> byKey = new HashMap<>();
        for (Setting s : Setting.values()) {
            source(s.key()).ifPresent(v -> byKey.put(s.key(), v));
        }
        return of(byKey);
    }

    private static Optional<String> source(String key) {
        if (MicroProfileConfig.AVAILABLE) {
            try {
                return ConfigProvider.getConfig().getOptionalValue(key, String.class);
            } catch (IllegalStateException noImplementation) {
                // the API without an implementation (unit tests): the environment is the only source
            }
        }
        return Optional.ofNullable(System.getenv(key));
    }

    /** Whether the MicroProfile Config API is on the class path at all (not outside a server). */
    private static final class MicroProfileConfig {
        static final boolean AVAILABLE = isPresent();

        private static boolean isPresent() {
            try {
                Class.forName("org.eclipse.microprofile.config.ConfigProvider", false, Settings.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
    }

    public Optional<String> get(Setting setting) {
        return Optional.ofNullable(values.get(setting)).or(() -> Optional.ofNullable(setting.defaultValue()));
    }

    /** The setting as a whole number; a value that is not one stops the start with a clear message. */
    public int intValue(Setting setting, int otherwise) {
        Optional<String> value = get(setting);
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(setting.key() + " must be a whole number, not '" + value.get() + "'");
        }
    }

    public boolean isTrue(Setting setting) {
        return get(setting)
                .map(v -> v.toLowerCase(Locale.ROOT))
                .filter("true"::equals)
                .isPresent();
    }
}

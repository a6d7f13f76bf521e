package io.aiworkflow.engine.retention;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the retention pass every night at the time {@code WORKFLOW_RETENTION_TIME} gives (UTC).
 * Every server has this timer (non-persistent: EJB persistent timers are not shared between Payara
 * Micro instances); the pass's row for that night makes only the first one run it.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class NightlyRetention {

    private static final Logger LOG = Logger.getLogger(NightlyRetention.class.getName());

    @Resource
    private TimerService timers;

    @Inject
    private RetentionService retention;

    @PostConstruct
    void schedule() {
        LocalTime at = timeOfDay(Settings.current());
        timers.createCalendarTimer(
                new ScheduleExpression()
                        .timezone("UTC")
                        .hour(at.getHour())
                        .minute(at.getMinute())
                        .second(0),
                new TimerConfig("history retention", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void nightly(Timer timer) {
        try {
            if (retention.platformDefault().keepsAll() && !retention.anyAppPolicy()) {
                return;
            }
            retention.startNightly(LocalDate.now(ZoneOffset.UTC));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the nightly retention pass did not start: " + e.getMessage(), e);
        }
    }

    /** {@code HH:MM} (UTC) of the nightly pass. */
    static LocalTime timeOfDay(Settings settings) {
        String value = settings.get(Setting.RETENTION_TIME).orElse(Setting.RETENTION_TIME.defaultValue());
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw WorkflowException.validation(
                    Setting.RETENTION_TIME.key(), "must be a time of day as HH:MM (UTC), not " + value);
        }
    }
}

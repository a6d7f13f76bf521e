package io.aiworkflow.engine.apps;

import io.aiworkflow.domain.definition.DesignProblem;

import java.time.OffsetDateTime;
import java.util.List;

/** The immutable views the app services hand to the web layer. */
public final class AppViews {

    private AppViews() {}

    public record AppSummary(
            String appId,
            String name,
            String description,
            String avatar,
            int appType,
            long teamId,
            Long classifyId,
            boolean isDisabled,
            boolean isPublish,
            Integer version,
            OffsetDateTime createTime,
            OffsetDateTime updateTime) {}

    public record NewApp(
            String name, String description, String avatar, Integer appType, Long teamId, Long classifyId) {}

    public record DraftUpdate(
            String name,
            String description,
            String avatar,
            String uiDesignDraft,
            String functionDesignDraft,
            String traceLevel) {}

    /** Designs are the stored JSON texts; the web layer embeds them as JSON. */
    public record Definition(
            String id,
            String appId,
            String name,
            String description,
            String avatar,
            boolean isPublish,
            Integer version,
            String uiDesign,
            String uiDesignDraft,
            String functionDesign,
            String functionDesignDraft,
            String traceLevel,
            OffsetDateTime createTime,
            OffsetDateTime updateTime) {}

    /** {@code unchanged}: the draft was the published version already, so no version was made. */
    public record Published(int version, OffsetDateTime publishTime, boolean unchanged) {}

    public record Version(
            int version, String uiDesign, String functionDesign, OffsetDateTime publishTime, String publishedBy) {}

    public record Page<T>(long total, int page, int pageSize, List<T> items) {}

    public record Problems(List<DesignProblem> problems) {}
}

package io.aiworkflow.domain.shared;

/** The error codes of the public API, each with the HTTP status it answers with. */
public enum ErrorCode {
    VALIDATION_ERROR(400),
    INVALID_JSON(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    APP_NOT_FOUND(404),
    INSTANCE_NOT_FOUND(404),
    PLUGIN_NOT_FOUND(404),
    MODEL_NOT_FOUND(404),
    WIKI_NOT_FOUND(404),
    VERSION_NOT_FOUND(404),
    TEAM_NOT_FOUND(404),
    API_KEY_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    APP_DISABLED(409),
    NOT_PUBLISHED(409),
    /** a replay or retry of a run that has not ended */
    RUN_NOT_ENDED(409),
    /** a replay from a node whose inputs the replayed run cannot give */
    INPUTS_UNAVAILABLE(409),
    /** a bulk operation's selection no longer holds what its dry run counted */
    SELECTION_CHANGED(409),
    /** a bulk operation's selection holds more runs than one operation may act on */
    SELECTION_TOO_LARGE(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    TOO_MANY_REQUESTS(429),
    INTERNAL_ERROR(500),
    /** the request was carried out but the database has not confirmed it yet: read the resource again */
    NOT_YET_RECORDED(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}

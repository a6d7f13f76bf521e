package io.aiworkflow.engine.apps;

/**
 * A page of a team's apps, optionally filtered by type and name and sorted by one column.
 *
 * @param sortField one of name, createTime, updateTime, appType (default createTime, newest first)
 */
public record AppQuery(
        Long teamId,
        Integer appType,
        String nameContains,
        String sortField,
        boolean ascending,
        int page,
        int pageSize) {

    public static final int MAX_PAGE_SIZE = 200;

    public AppQuery {
        page = Math.max(page, 1);
        pageSize = pageSize <= 0 ? 20 : Math.min(pageSize, MAX_PAGE_SIZE);
    }

    String orderBy() {
        String column = switch (sortField == null ? "" : sortField) {
            // as people read names: "alpha" before "Beta"
            case "name" -> "lower(a.name)";
            case "updateTime" -> "a.updatedAt";
            case "appType" -> "a.appType";
            default -> "a.createdAt";
        };
        boolean asc = sortField == null ? false : ascending;
        return column + (asc ? " asc" : " desc") + ", a.id";
    }
}

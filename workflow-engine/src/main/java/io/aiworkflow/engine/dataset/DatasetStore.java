package io.aiworkflow.engine.dataset;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.dataset.DatasetParser.Row;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Datasets and their rows in PostgreSQL. A dataset version is written once, in one transaction. */
@ApplicationScoped
public class DatasetStore {

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    /** For CDI. */
    public DatasetStore() {}

    /** Outside the container (tests): a plain data source. */
    public DatasetStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores the rows as the next version of the app's dataset {@code name}; returns it. */
    public Dataset save(
            long teamId, String appId, String name, List<String> columns, List<Row> rows, String createdBy) {
        String id = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock =
                        c.prepareStatement("select pg_advisory_xact_lock(hashtext(? || '/' || ?))")) {
                    lock.setString(1, appId);
                    lock.setString(2, name);
                    lock.execute();
                }
                try (PreparedStatement ps =
                        c.prepareStatement("insert into dataset (id, team_id, app_id, name, version,"
                                + " row_count, columns, created_by) select ?, ?, ?, ?, coalesce(max(version), 0) + 1, ?, ?, ?"
                                + " from dataset where app_id = ? and name = ?")) {
                    ps.setString(1, id);
                    ps.setLong(2, teamId);
                    ps.setString(3, appId);
                    ps.setString(4, name);
                    ps.setInt(5, rows.size());
                    ps.setString(6, Jsons.toJson(columns).toString());
                    ps.setString(7, createdBy);
                    ps.setString(8, appId);
                    ps.setString(9, name);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps =
                        c.prepareStatement("insert into dataset_row (dataset_id, line, parameters) values (?, ?, ?)")) {
                    int batched = 0;
                    for (Row row : rows) {
                        ps.setString(1, id);
                        ps.setInt(2, row.line());
                        ps.setString(3, row.parameters().toString());
                        ps.addBatch();
                        if (++batched % 1000 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return find(id).orElseThrow();
    }

    public Optional<Dataset> find(String id) {
        List<Dataset> found = query("select * from dataset where id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The app's datasets, every version, newest first. */
    public List<Dataset> ofApp(String appId) {
        return query("select * from dataset where app_id = ? order by name, version desc", appId);
    }

    /** The parameters of one row. */
    public Optional<JsonObject> row(String id, int line) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select parameters from dataset_row where dataset_id = ? and line = ?")) {
            ps.setString(1, id);
            ps.setInt(2, line);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Jsons.parseObject(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows {@code [offset, offset + limit)} in line order. */
    public List<Row> rows(String id, int offset, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select line, parameters from dataset_row where dataset_id = ? order by line limit ? offset ?")) {
            ps.setString(1, id);
            ps.setInt(2, limit);
            ps.setInt(3, offset);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getInt(1), Jsons.parseObject(rs.getString(2))));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Dataset> query(String sql, String parameter) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            List<Dataset> datasets = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp created = rs.getTimestamp("created_at");
                    List<String> columns = new ArrayList<>();
                    Jsons.parse(rs.getString("columns")).asJsonArray().forEach(v -> columns.add(Jsons.text(v)));
                    datasets.add(new Dataset(
                            rs.getString("id"),
                            rs.getLong("team_id"),
                            rs.getString("app_id"),
                            rs.getString("name"),
                            rs.getInt("version"),
                            rs.getInt("row_count"),
                            columns,
                            rs.getString("created_by"),
                            created.toInstant().atOffset(ZoneOffset.UTC)));
                }
            }
            return datasets;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

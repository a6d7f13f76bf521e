package io.aiworkflow.engine.wiki;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.catalog.WikiCatalog;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The team's knowledge bases. A document is chunked, embedded in one batch and stored with its
 * vectors in one transaction (all or nothing). Search scores the knowledge base's chunks by cosine
 * similarity in this server; fine for knowledge bases of some thousand chunks (no vector index).
 * Plain JDBC: PostgreSQL {@code real[]} columns; connections join the JTA transaction.
 */
@ApplicationScoped
@Transactional
public class WikiRegistry implements WikiCatalog {

    @Inject
    private AuditLog audit;

    public static final int MAX_DOCUMENT_CHARS = 1_000_000;
    private final TextChunker chunker = new TextChunker(500, 60);

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    @Inject
    private Embeddings embeddings;

    public record WikiView(
            long wikiId, long teamId, String name, String description, long documents, OffsetDateTime createTime) {}

    public record DocumentView(
            long documentId,
            long wikiId,
            String title,
            int chunkCount,
            long embeddingTokens,
            OffsetDateTime createTime) {}

    public WikiView create(Caller caller, String name, String description, Long teamId) {
        AccessPolicy.requireWrite(caller);
        long team = AccessPolicy.teamFor(caller, teamId);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into wiki (team_id, name, description, created_at, updated_at) values (?, ?, ?, now(), now())",
                        Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, team);
            ps.setString(2, name);
            ps.setString(3, description);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                long id = keys.getLong(1);
                audit.record(caller, AuditAction.REGISTRY_CREATE, "knowledge-base:" + id, name);
                return get(caller, id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WikiView> list(Caller caller) {
        return query(
                "select w.*, (select count(*) from wiki_document d where d.wiki_id = w.id) as documents"
                        + " from wiki w where w.team_id = ? order by w.id",
                caller.teamId());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public WikiView get(Caller caller, long wikiId) {
        return query(
                        "select w.*, (select count(*) from wiki_document d where d.wiki_id = w.id) as documents"
                                + " from wiki w where w.id = ?",
                        wikiId)
                .stream()
                .filter(w -> AccessPolicy.canSee(caller, w.teamId()))
                .findFirst()
                .orElseThrow(
                        () -> new WorkflowException(ErrorCode.WIKI_NOT_FOUND, "no knowledge base with id " + wikiId));
    }

    public void delete(Caller caller, long wikiId) {
        AccessPolicy.requireWrite(caller);
        WikiView wiki = get(caller, wikiId);
        update("delete from wiki where id = ?", wikiId);
        audit.record(caller, AuditAction.REGISTRY_DELETE, "knowledge-base:" + wikiId, wiki.name());
    }

    public DocumentView addDocument(Caller caller, long wikiId, String title, String text) {
        AccessPolicy.requireWrite(caller);
        get(caller, wikiId);
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw WorkflowException.validation(
                    "text", "documents are limited to " + MAX_DOCUMENT_CHARS + " characters");
        }
        List<String> chunks = chunker.split(text);
        if (chunks.isEmpty()) {
            throw WorkflowException.validation("text", "must not be blank");
        }
        Embeddings.Result embedded = embeddings.embed(chunks);
        try (Connection c = dataSource.getConnection()) {
            long documentId;
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into wiki_document (wiki_id, title, text, chunk_count,"
                            + " tokens, created_at) values (?, ?, ?, ?, ?, now())",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, wikiId);
                ps.setString(2, title);
                ps.setString(3, text);
                ps.setInt(4, chunks.size());
                ps.setLong(5, embedded.tokens());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    documentId = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into wiki_chunk (wiki_id, document_id, chunk_index,"
                    + " text, embedding) values (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < chunks.size(); i++) {
                    ps.setLong(1, wikiId);
                    ps.setLong(2, documentId);
                    ps.setInt(3, i);
                    ps.setString(4, chunks.get(i));
                    ps.setArray(
                            5,
                            c.createArrayOf("float4", boxed(embedded.vectors().get(i))));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            update("update wiki set updated_at = now() where id = ?", wikiId);
            audit.record(
                    caller,
                    AuditAction.REGISTRY_UPDATE,
                    "knowledge-base:" + wikiId,
                    "added document " + documentId + " '" + title + "' (" + chunks.size() + " chunks)");
            return new DocumentView(
                    documentId, wikiId, title, chunks.size(), embedded.tokens(), OffsetDateTime.now(ZoneOffset.UTC));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DocumentView> documents(Caller caller, long wikiId) {
        get(caller, wikiId);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select * from wiki_document where wiki_id = ? order by id")) {
            ps.setLong(1, wikiId);
            List<DocumentView> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new DocumentView(
                            rs.getLong("id"),
                            wikiId,
                            rs.getString("title"),
                            rs.getInt("chunk_count"),
                            rs.getLong("tokens"),
                            time(rs.getTimestamp("created_at"))));
                }
            }
            return list;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void deleteDocument(Caller caller, long wikiId, long documentId) {
        AccessPolicy.requireWrite(caller);
        get(caller, wikiId);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("delete from wiki_document where id = ? and wiki_id = ?")) {
            ps.setLong(1, documentId);
            ps.setLong(2, wikiId);
            if (ps.executeUpdate() == 0) {
                throw new WorkflowException(
                        ErrorCode.NOT_FOUND, "no document " + documentId + " in knowledge base " + wikiId);
            }
            audit.record(
                    caller, AuditAction.REGISTRY_UPDATE, "knowledge-base:" + wikiId, "deleted document " + documentId);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A document's chunks in order, as they were embedded and are searched. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> chunks(Caller caller, long wikiId, long documentId) {
        get(caller, wikiId);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select text from wiki_chunk where wiki_id = ? and document_id = ? order by chunk_index")) {
            ps.setLong(1, wikiId);
            ps.setLong(2, documentId);
            List<String> chunks = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    chunks.add(rs.getString(1));
                }
            }
            return chunks;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A search as a person tries one: in a knowledge base the caller may see. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public WikiSearch trySearch(Caller caller, long wikiId, String query, int topK) {
        WikiView wiki = get(caller, wikiId);
        if (query == null || query.isBlank()) {
            throw WorkflowException.validation("query", "is required");
        }
        return search(wiki.teamId(), wikiId, query.strip(), topK, 0).orElseThrow();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<WikiSearch> search(long teamId, long wikiId, String query, int topK, double minScore) {
        List<WikiView> wikis = query("select w.*, 0 as documents from wiki w where w.id = ?", wikiId);
        if (wikis.isEmpty() || wikis.get(0).teamId() != teamId) {
            return Optional.empty();
        }
        Embeddings.Result q = embeddings.embed(List.of(query));
        float[] vector = q.vectors().get(0);
        List<WikiHit> hits = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "select k.text, k.chunk_index, k.embedding, d.id as document_id, d.title from wiki_chunk k"
                                + " join wiki_document d on d.id = k.document_id where k.wiki_id = ?")) {
            ps.setLong(1, wikiId);
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double score = Embeddings.cosine(vector, unboxed(rs.getArray("embedding")));
                    if (score >= minScore) {
                        hits.add(new WikiHit(
                                rs.getString("text"),
                                score,
                                rs.getLong("document_id"),
                                rs.getString("title"),
                                rs.getInt("chunk_index")));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        hits.sort(Comparator.comparingDouble(WikiHit::score).reversed());
        return Optional.of(new WikiSearch(
                wikis.get(0).name(), List.copyOf(hits.subList(0, Math.min(topK, hits.size()))), q.tokens()));
    }

    private List<WikiView> query(String sql, long arg) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            List<WikiView> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new WikiView(
                            rs.getLong("id"),
                            rs.getLong("team_id"),
                            rs.getString("name"),
                            rs.getString("description"),
                            rs.getLong("documents"),
                            time(rs.getTimestamp("created_at"))));
                }
            }
            return list;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, long arg) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, arg);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Float[] boxed(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static float[] unboxed(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).floatValue();
        }
        return out;
    }

    private static OffsetDateTime time(Timestamp t) {
        return t == null ? null : t.toInstant().atOffset(ZoneOffset.UTC);
    }

    static Instant now() {
        return Instant.now();
    }
}

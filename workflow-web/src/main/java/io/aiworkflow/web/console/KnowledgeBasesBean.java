package io.aiworkflow.web.console;

import io.aiworkflow.engine.catalog.WikiCatalog.WikiHit;
import io.aiworkflow.engine.wiki.WikiRegistry;
import io.aiworkflow.engine.wiki.WikiRegistry.DocumentView;
import io.aiworkflow.engine.wiki.WikiRegistry.WikiView;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.model.file.UploadedFile;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The registries page's knowledge bases: create and delete them; in one, upload documents (text
 * files, or pasted text), see how each was cut into chunks, and try a search as the Wiki node
 * would run it.
 */
@Named
@ViewScoped
public class KnowledgeBasesBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private WikiRegistry wikis;

    @Inject
    private ConsoleUser user;

    private List<WikiView> rows;
    private String newName;
    private String newDescription;
    private Long selected;
    private String selectedName;
    private List<DocumentView> documents = List.of();
    private String title;
    private String text;
    private transient UploadedFile file;
    private List<String> chunks = List.of();
    private String chunksOf;
    private String query;
    private List<WikiHit> hits;

    public List<WikiView> getRows() {
        if (rows == null) {
            rows = ConsoleMessages.readOr(() -> wikis.list(user.caller()), List.of());
        }
        return rows;
    }

    public void create() {
        try {
            WikiView created =
                    wikis.create(user.caller(), newName == null ? null : newName.strip(), newDescription, null);
            ConsoleMessages.info("Created knowledge base '" + created.name() + "'");
            newName = null;
            newDescription = null;
            rows = null;
            open(created);
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public void delete(WikiView w) {
        try {
            wikis.delete(user.caller(), w.wikiId());
            ConsoleMessages.info("Deleted knowledge base '" + w.name() + "'");
            rows = null;
            if (Long.valueOf(w.wikiId()).equals(selected)) {
                selected = null;
                documents = List.of();
            }
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public void open(WikiView w) {
        selected = w.wikiId();
        selectedName = w.name();
        chunks = List.of();
        chunksOf = null;
        hits = null;
        loadDocuments();
    }

    private void loadDocuments() {
        try {
            documents = wikis.documents(user.caller(), selected);
        } catch (RuntimeException e) {
            documents = List.of();
            ConsoleMessages.failure(e);
        }
    }

    /** Adds the uploaded text file, or else the pasted text, as a document. */
    public void addDocument() {
        try {
            String content = text;
            String docTitle = title;
            if (file != null && file.getSize() > 0) {
                content = new String(file.getContent(), StandardCharsets.UTF_8);
                if (docTitle == null || docTitle.isBlank()) {
                    docTitle = file.getFileName();
                }
            }
            if (content == null || content.isBlank()) {
                ConsoleMessages.error("Choose a text file or paste the text");
                return;
            }
            DocumentView added = wikis.addDocument(
                    user.caller(),
                    selected,
                    docTitle == null || docTitle.isBlank() ? "untitled" : docTitle.strip(),
                    content);
            ConsoleMessages.info("Added '" + added.title() + "' in " + added.chunkCount() + " chunks");
            title = null;
            text = null;
            rows = null;
            loadDocuments();
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public void deleteDocument(DocumentView d) {
        try {
            wikis.deleteDocument(user.caller(), selected, d.documentId());
            ConsoleMessages.info("Deleted '" + d.title() + "'");
            rows = null;
            loadDocuments();
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public void showChunks(DocumentView d) {
        try {
            chunks = wikis.chunks(user.caller(), selected, d.documentId());
            chunksOf = d.title();
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public void search() {
        try {
            hits = wikis.trySearch(user.caller(), selected, query, 5).hits();
        } catch (RuntimeException e) {
            hits = null;
            ConsoleMessages.failure(e);
        }
    }

    public boolean isOpen() {
        return selected != null;
    }

    public String getSelectedName() {
        return selectedName;
    }

    public List<DocumentView> getDocuments() {
        return documents;
    }

    public List<String> getChunks() {
        return chunks;
    }

    public String getChunksOf() {
        return chunksOf;
    }

    public List<WikiHit> getHits() {
        return hits;
    }

    public String getNewName() {
        return newName;
    }

    public void setNewName(String newName) {
        this.newName = newName;
    }

    public String getNewDescription() {
        return newDescription;
    }

    public void setNewDescription(String newDescription) {
        this.newDescription = newDescription;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }

    public UploadedFile getFile() {
        return file;
    }

    public void setFile(UploadedFile file) {
        this.file = file;
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }
}

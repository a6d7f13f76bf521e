package io.aiworkflow.engine.registry;

import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.model.app.App;
import io.aiworkflow.domain.model.app.AppWorkflowDesign;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.catalog.PublishedWorkflow;
import io.aiworkflow.engine.catalog.WorkflowCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.Optional;

/** Published workflows of a team, for SubWorkflow nodes: the current published version of an app. */
@ApplicationScoped
@Transactional
public class PublishedWorkflows implements WorkflowCatalog {

    @PersistenceContext(unitName = "workflow")
    private EntityManager em;

    @Override
    public Optional<PublishedWorkflow> findPublished(long teamId, String appId) {
        App app = appId == null ? null : em.find(App.class, appId);
        if (app == null || app.isDeleted() || app.getTeamId() != teamId || app.isDisabled()) {
            return Optional.empty();
        }
        return em.createQuery("select d from AppWorkflowDesign d where d.appId = :a", AppWorkflowDesign.class)
                .setParameter("a", appId)
                .getResultStream()
                .findFirst()
                .filter(AppWorkflowDesign::isPublish)
                .map(d -> new PublishedWorkflow(
                        appId, d.getPublishedVersion(), FunctionDesignReader.read(Jsons.parse(d.getFunctionDesign()))));
    }
}

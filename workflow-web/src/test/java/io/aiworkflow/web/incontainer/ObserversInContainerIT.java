package io.aiworkflow.web.incontainer;

import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.engine.apps.AppService;
import io.aiworkflow.engine.apps.AppViews.DraftUpdate;
import io.aiworkflow.engine.apps.AppViews.NewApp;
import io.aiworkflow.engine.apps.DefinitionService;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.runs.LiveRun;
import io.aiworkflow.engine.runs.RunService;
import io.aiworkflow.engine.security.AdminService;
import io.aiworkflow.engine.security.Caller;
import jakarta.inject.Inject;
import jakarta.json.Json;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inside the server (Arquillian deploys the built WAR to a Payara Micro it starts): what only the
 * container shows. The engine's events reach the CDI observers in their order, and an observer that
 * throws fails neither the run nor the observers after it.
 */
@ExtendWith({ContainerDatabase.class, ArquillianExtension.class})
class ObserversInContainerIT {

    private static final String DESIGN = """
            {"nodes": [
              {"nodeKey": "start", "name": "Start", "nodeType": "Start", "fieldDesigns": []},
              {"nodeKey": "a", "name": "A", "nodeType": "DataProcess", "fieldDesigns": [
                {"fieldName": "text", "expressionType": "Fixed", "value": "hello"}]},
              {"nodeKey": "end", "name": "End", "nodeType": "End", "fieldDesigns": [
                {"fieldName": "answer", "expressionType": "Variable", "value": "a.text"}]}],
             "connections": [
              {"sourceNodeKey": "start", "targetNodeKey": "a"},
              {"sourceNodeKey": "a", "targetNodeKey": "end"}]}""";

    @Deployment
    static WebArchive platform() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("workflow.war")))
                .addClasses(FailingProjection.class, ContainerDatabase.class);
    }

    @Inject
    private AdminService admin;

    @Inject
    private AppService apps;

    @Inject
    private DefinitionService definitions;

    @Inject
    private RunService runs;

    @Inject
    private InstanceStore instances;

    @Test
    void aThrowingObserverFailsNeitherTheRunNorTheObserversAfterIt() throws Exception {
        Caller bootstrap = new Caller(null, "in-container-test", 0L, Role.admin);
        long team = admin.teams(bootstrap).get(0).teamId();
        Caller caller = new Caller(null, "in-container-test", team, Role.admin);
        String appId = apps.create(caller, new NewApp("in-container", null, null, 2, null, null))
                .appId();
        definitions.saveDraft(caller, appId, new DraftUpdate(null, null, null, null, DESIGN, null));
        definitions.publish(caller, appId);
        int failuresBefore = FailingProjection.FAILURES.get();

        LiveRun run = runs.start(caller, appId, Json.createObjectBuilder().build(), RunOrigin.API);
        List<LiveRun.Item> streamed = new CopyOnWriteArrayList<>();
        run.subscribe(0, streamed::add);
        EngineEvent terminal = run.handle().await(Duration.ofSeconds(30));
        run.recorded().get(30, TimeUnit.SECONDS);

        assertTrue(terminal instanceof WorkflowFinished, "the run ends well: " + terminal);
        assertEquals(
                3,
                FailingProjection.FAILURES.get() - failuresBefore,
                "the broken observer saw (and threw on) each finished node");
        assertEquals(
                RunState.COMPLETED,
                instances.stateOf(caller, run.instanceId()),
                "history (before it in order) has the run");
        assertEquals(
                List.of("node_complete", "node_complete", "node_complete"),
                streamed.stream()
                        .map(i -> i.payload().getString("type"))
                        .filter("node_complete"::equals)
                        .toList(),
                "the live stream (after it in order) got every finished node");
    }
}

package io.aiworkflow.web.console;

import io.aiworkflow.engine.nodedefine.FieldDefine;
import io.aiworkflow.engine.nodedefine.NodeDefine;
import io.aiworkflow.engine.nodedefine.NodeDefineCatalog;
import io.aiworkflow.engine.registry.ModelRegistry;
import io.aiworkflow.engine.registry.PluginRegistry;
import io.aiworkflow.engine.wiki.WikiRegistry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.util.List;

/**
 * What the graph editor offers, as one JSON document for the page: every node type with its
 * fields, and the models, plugins (with their own input fields) and knowledge bases the signed-in
 * user's team may pick.
 */
@Named
@RequestScoped
public class DesignCatalogBean {

    @Inject
    private NodeDefineCatalog catalog;

    @Inject
    private ModelRegistry models;

    @Inject
    private PluginRegistry plugins;

    @Inject
    private WikiRegistry wikis;

    @Inject
    private ConsoleUser user;

    private String json;

    public String getJson() {
        if (json == null) {
            json = build();
        }
        return json;
    }

    private String build() {
        JsonArrayBuilder types = Json.createArrayBuilder();
        for (NodeDefine d : catalog.palette()) {
            types.add(Json.createObjectBuilder()
                    .add("nodeType", d.nodeType())
                    .add("name", d.nodeTypeName())
                    .add("description", d.description())
                    .add("color", d.color())
                    .add("inputs", fields(d.inputFields()))
                    .add("outputs", fields(d.outputFields())));
        }
        JsonArrayBuilder modelList = Json.createArrayBuilder();
        ConsoleMessages.readOr(() -> models.list(user.caller()), List.<ModelRegistry.ModelView>of())
                .forEach(m -> modelList.add(entry(m.modelId(), m.name())));
        JsonArrayBuilder pluginList = Json.createArrayBuilder();
        ConsoleMessages.readOr(() -> plugins.list(user.caller()), List.<PluginRegistry.PluginView>of())
                .forEach(p -> {
                    JsonArrayBuilder inputs = Json.createArrayBuilder();
                    PluginRegistry.inputFields(
                                    p.inputFields() == null
                                            ? null
                                            : p.inputFields().toString())
                            .forEach(f -> inputs.add(field(f.name(), f.fieldType(), f.required(), f.description())));
                    pluginList.add(entry(p.pluginId(), p.name()).add("inputs", inputs));
                });
        JsonArrayBuilder wikiList = Json.createArrayBuilder();
        ConsoleMessages.readOr(() -> wikis.list(user.caller()), List.<WikiRegistry.WikiView>of())
                .forEach(w -> wikiList.add(entry(w.wikiId(), w.name())));
        return Json.createObjectBuilder()
                .add("nodeTypes", types)
                .add("models", modelList)
                .add("plugins", pluginList)
                .add("wikis", wikiList)
                .build()
                .toString();
    }

    private static JsonArrayBuilder fields(List<FieldDefine> defines) {
        JsonArrayBuilder out = Json.createArrayBuilder();
        defines.forEach(f -> out.add(field(f.fieldName(), f.fieldType(), f.isRequired(), f.description())));
        return out;
    }

    private static JsonObjectBuilder field(String name, String type, boolean required, String description) {
        return Json.createObjectBuilder()
                .add("name", name)
                .add("type", type == null ? "Dynamic" : type)
                .add("required", required)
                .add("description", description == null ? "" : description);
    }

    private static JsonObjectBuilder entry(long id, String name) {
        return Json.createObjectBuilder().add("id", id).add("name", name);
    }
}

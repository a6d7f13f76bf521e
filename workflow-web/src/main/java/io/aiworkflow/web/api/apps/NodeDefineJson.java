package io.aiworkflow.web.api.apps;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.nodedefine.NodeDefine;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.io.StringReader;

/** The API's {@code NodeDefineResponseItem}: a node definition with the batch request's id beside its fields. */
final class NodeDefineJson {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private NodeDefineJson() {}

    static JsonObject withRequestId(NodeDefine define, String requestId) {
        JsonObject fields = Jsons.provider()
                .createReader(new StringReader(JSONB.toJson(define)))
                .readObject();
        JsonObjectBuilder builder = Jsons.object();
        if (requestId != null) {
            builder.add("requestId", requestId);
        }
        fields.forEach(builder::add);
        return builder.build();
    }
}

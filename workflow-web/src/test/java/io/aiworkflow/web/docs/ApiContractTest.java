package io.aiworkflow.web.docs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API contract ({@code META-INF/openapi.yaml}, served at {@code /openapi}) is a valid OpenAPI
 * document, names every operation the JAX-RS resources serve and no other, and types every body.
 */
class ApiContractTest {

    private static final java.nio.file.Path CONTRACT =
            java.nio.file.Path.of("src", "main", "resources", "META-INF", "openapi.yaml");
    private static final java.nio.file.Path RESOURCES = java.nio.file.Path.of("target", "classes");

    private static OpenAPI contract;

    @BeforeAll
    static void parse() throws IOException {
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(Files.readString(CONTRACT), null, null);
        assertEquals(List.of(), result.getMessages(), "the parser finds nothing wrong with the contract");
        contract = result.getOpenAPI();
        assertNotNull(contract);
    }

    @Test
    void itNamesTheApiAndHowCallersAuthenticate() {
        assertEquals("AI Workflow Platform API", contract.getInfo().getTitle());
        assertEquals(
                Set.of("bearerAuth", "accessToken"),
                contract.getComponents().getSecuritySchemes().keySet());
        assertFalse(contract.getSecurity().isEmpty(), "calls need a key unless an operation says otherwise");
        assertTrue(contract.getComponents().getSchemas().containsKey("Error"), "the error body has a schema");
    }

    @Test
    void itDocumentsExactlyTheOperationsTheResourcesServe() throws Exception {
        assertEquals(served(), documented());
    }

    @Test
    void everyOperationIsIdentifiedAndTyped() {
        Set<String> ids = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        operations().forEach((where, op) -> {
            if (op.getOperationId() == null || !ids.add(op.getOperationId())) {
                problems.add(where + ": no operationId, or one used twice");
            }
            if (op.getTags() == null || op.getTags().isEmpty()) {
                problems.add(where + ": no tag");
            }
            if (op.getRequestBody() != null) {
                op.getRequestBody().getContent().forEach((type, media) -> {
                    if (type.contains("json") && untyped(media)) {
                        problems.add(where + ": request body " + type + " has no schema of its own");
                    }
                });
            }
            ApiResponse success = op.getResponses().entrySet().stream()
                    .filter(r -> r.getKey().startsWith("2"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
            if (success == null) {
                problems.add(where + ": no success response");
            } else if (success.getContent() != null) {
                success.getContent().forEach((type, media) -> {
                    if (type.contains("json") && untyped(media)) {
                        problems.add(where + ": response " + type + " has no schema of its own");
                    }
                });
            }
        });
        assertEquals(List.of(), problems);
    }

    /** A JSON body typed as a bare string, or with no schema at all, tells a generator nothing. */
    private static boolean untyped(MediaType media) {
        Schema<?> schema = media.getSchema();
        return schema == null || (schema.get$ref() == null && "string".equals(schema.getType()));
    }

    private static Map<String, Operation> operations() {
        Map<String, Operation> all = new TreeMap<>();
        contract.getPaths()
                .forEach((path, item) ->
                        item.readOperationsMap().forEach((method, op) -> all.put(method + " " + path, op)));
        return all;
    }

    private static Set<String> documented() {
        Set<String> all = new TreeSet<>();
        contract.getPaths().forEach((path, item) -> {
            for (PathItem.HttpMethod method : item.readOperationsMap().keySet()) {
                all.add(method + " " + path);
            }
        });
        return all;
    }

    /** Every resource method under {@code /api}, read from the compiled resource classes. */
    private static Set<String> served() throws Exception {
        Set<String> all = new TreeSet<>();
        try (Stream<java.nio.file.Path> files = Files.walk(RESOURCES.resolve("io/aiworkflow/web/api"))) {
            for (java.nio.file.Path file :
                    files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name =
                        RESOURCES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, ApiContractTest.class.getClassLoader());
                Path root = type.getAnnotation(Path.class);
                if (root == null || Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
                    continue;
                }
                for (Method m : type.getMethods()) {
                    String verb = verb(m);
                    if (verb == null) {
                        continue;
                    }
                    Path sub = m.getAnnotation(Path.class);
                    all.add(verb + " " + join("/api", root.value(), sub == null ? "" : sub.value()));
                }
            }
        }
        return all;
    }

    private static String verb(Method m) {
        if (m.isAnnotationPresent(GET.class)) {
            return "GET";
        }
        if (m.isAnnotationPresent(POST.class)) {
            return "POST";
        }
        if (m.isAnnotationPresent(PUT.class)) {
            return "PUT";
        }
        if (m.isAnnotationPresent(DELETE.class)) {
            return "DELETE";
        }
        if (m.isAnnotationPresent(PATCH.class)) {
            return "PATCH";
        }
        return null;
    }

    /** Joins path segments; a template's pattern ({@code {id: \d+}}) is left out as OpenAPI does. */
    private static String join(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            String p = part.replaceAll("^/+|/+$", "");
            if (!p.isEmpty()) {
                path.append('/').append(p);
            }
        }
        return path.toString().replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
    }
}

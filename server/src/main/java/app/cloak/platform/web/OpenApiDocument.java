package app.cloak.platform.web;

import app.cloak.shared.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The OpenAPI document, served at {@code /v3/api-docs} and committed as {@code docs/openapi.json}.
 * springdoc infers paths and schemas from the controllers; this adds what it cannot know, so that
 * controllers need no annotations:
 * <ul>
 *   <li>each operation is tagged with its module (the package after {@code app.cloak});</li>
 *   <li>bearer authentication everywhere (modules clear it for their public calls, see identity's
 *       {@code OpenApiSecurity});</li>
 *   <li>every error is an RFC 9457 problem+json {@code ProblemDetail} with our stable {@code code};</li>
 *   <li>the two calls that are not controllers: the WebSocket upgrade and the health check.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {
    static final String BEARER = "bearer";
    static final String PROBLEM = "ProblemDetail";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    /** What each module's tag is about; a module missing here still gets its tag, without a description. */
    private static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("identity", "Sign-in by phone code, tokens, devices, profiles, contacts and blocks"),
            Map.entry("messaging", "Chats as the client sees them, messages, receipts, reactions, stars"),
            Map.entry("search", "Search over the caller's chats (blind index: the server never stores words in clear)"),
            Map.entry("presence", "Online and last-seen state"),
            Map.entry("privacy", "Private reading (cloak): policy, per-chat switch, reveals and the audit log"),
            Map.entry("media", "Uploads and signed downloads"),
            Map.entry("archives", "The conversation reader: imported chat exports, analytics and exports"),
            Map.entry("bridge", "The WhatsApp bridge: links and Meta's webhook"),
            Map.entry("push", "Web Push subscriptions"),
            Map.entry("gateway", "The device WebSocket (frames are listed in the operation's description)"),
            Map.entry("platform", "Operations: readiness"));

    static {
        // The authenticated caller is resolved from the token, never sent as a parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI cloakOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Cloak API").version("v1").description("""
                        The public HTTP API of a Cloak server. Bodies are JSON (UTF-8), ids are opaque strings and
                        times are RFC 3339 UTC strings. Authenticated calls send `Authorization: Bearer <accessToken>`
                        (from `POST /api/v1/auth/verify` or `/refresh`). Every error is `application/problem+json` with
                        a stable `code` (see the `ProblemDetail` schema)."""))
                // Relative, so the document does not depend on the host or port it was fetched from.
                .servers(List.of(new Server().url("/")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT").description("The access token (15 minutes) of a signed-in device"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * Tags each operation with its module ({@code app.cloak.search.internal.web.SearchController} → search) and
     * names it after its controller and method ({@code searchSearch}, {@code chatCreate}), so ids are stable
     * whichever controllers other modules add.
     */
    @Bean
    GlobalOperationCustomizer moduleTags() {
        return (operation, handler) -> {
            operation.setTags(List.of(module(handler.getBeanType().getPackageName())));
            String controller = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
            String method = handler.getMethod().getName();
            operation.setOperationId(Character.toLowerCase(controller.charAt(0)) + controller.substring(1)
                    + Character.toUpperCase(method.charAt(0)) + method.substring(1));
            return operation;
        };
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    GlobalOpenApiCustomizer problemsAndExtraPaths() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.path("/ws", webSocket());
            openApi.path("/actuator/health", health());
            openApi.getPaths().values().forEach(item -> item.readOperations().forEach(OpenApiDocument::addProblems));
            TreeMap<String, Tag> tags = new TreeMap<>();
            openApi.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
                if (op.getTags() != null) op.getTags().forEach(t -> tags.put(t, new Tag().name(t).description(MODULES.get(t))));
            }));
            openApi.setTags(List.copyOf(tags.values()));
        };
    }

    static String module(String packageName) {
        String rest = packageName.startsWith("app.cloak.") ? packageName.substring("app.cloak.".length()) : packageName;
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Errors: a default problem+json answer on every operation, and 401 where a token is needed. */
    private static void addProblems(Operation op) {
        ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
        // springdoc turns the @ExceptionHandler methods into responses without a status; ours are described here.
        responses.keySet().removeIf(k -> !k.matches("[1-3]\\d\\d"));
        boolean secured = op.getSecurity() == null || !op.getSecurity().isEmpty();
        if (secured) responses.addApiResponse("401", problem("No token, or an invalid or expired one (`unauthenticated`, `invalid_token`)"));
        responses.setDefault(problem("An error: 4xx for bad input (nothing changed), 404 also for anything the caller "
                + "may not see, 429 with Retry-After when rate-limited, 5xx for our failures"));
        op.setResponses(responses);
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType("application/problem+json",
                new MediaType().schema(new Schema<>().$ref(PROBLEM_REF))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details with Cloak's stable `code`")
                .addProperty("type", new StringSchema().format("uri").example("https://cloak.app/problems/invalid-phone"))
                .addProperty("title", new StringSchema().example("Bad Request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("code", new StringSchema().example("invalid_phone").description(
                        "Stable, machine-readable reason (snake_case): clients branch on this, not on `detail`"))
                .addProperty("detail", new StringSchema().description("Human-readable explanation"))
                .addProperty("instance", new StringSchema().format("uri"))
                .required(List.of("type", "title", "status", "code"));
    }

    private static PathItem webSocket() {
        Operation op = new Operation().operationId("webSocket").tags(List.of("gateway"))
                .summary("Open the device WebSocket")
                .description("""
                        An HTTP upgrade to a WebSocket. Authenticate with `Authorization: Bearer …` or `?access_token=…`.
                        Every frame is one JSON object with a `type`.

                        Client → server: `message.send` (`chatId`, `clientMsgId`, `msgType`, `text`, `replyTo`; and, as
                        `POST /api/v1/chats/{chatId}/messages` takes them, `mediaId`, `viewOnce`, `location`, `contact`,
                        `forwardOf`), `message.read` / `message.delivered` (`chatId`, `upToSeq`), `typing.start` /
                        `typing.stop` (`chatId`), `sync` (`cursor`), `ping`. A binary frame gets `error` `bad_frame`.

                        Server → client: `message.sent` (the ack, once durable), `message.new`, `message.status`,
                        `message.updated`, `message.deleted` (`forMe: true` on the user's other devices when they
                        deleted it for themselves only: drop it), `typing`, `presence`, `chat.updated`, `sync.done`, `pong`,
                        `error` (`code`, `detail`, `ref`). The last event of each batch from the change feed also
                        carries `cursor` once the socket was opened with `?cursor=` or has synced: a device may save
                        it and reconnect with `?cursor=` from there. A binary frame over 64 KiB closes it too. A frame over
                        64 KiB closes the socket with 1009.""")
                .addParametersItem(new io.swagger.v3.oas.models.parameters.QueryParameter().name("access_token")
                        .required(false).schema(new StringSchema()).description("The access token, for clients that cannot set headers"))
                .responses(new ApiResponses().addApiResponse("101", new ApiResponse().description("Switching protocols")));
        return new PathItem().get(op);
    }

    private static PathItem health() {
        Operation op = new Operation().operationId("health").tags(List.of("platform")).summary("Readiness")
                .security(List.of())
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("The node is ready")
                        .content(new Content().addMediaType("application/json", new MediaType().schema(
                                new ObjectSchema().addProperty("status", new StringSchema().example("UP")))))));
        return new PathItem().get(op);
    }
}

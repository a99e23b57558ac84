package app.cloak.identity.internal.web;

import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.List;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * The OpenAPI document says which calls need the bearer token, by the same rule {@link AuthenticationFilter}
 * enforces: the document requires it everywhere, and this clears it for the public calls (sign-in, webhooks,
 * health). Runs before the platform's customizer, which adds a 401 answer only where a token is needed.
 */
@Component
class OpenApiSecurity implements GlobalOpenApiCustomizer, Ordered {
    private static final java.util.Set<String> SIGNED_DOWNLOADS =
            java.util.Set.of("/api/v1/media/{mediaId}", "/api/v1/media/{mediaId}/thumbnail");

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        openApi.getPaths().forEach((path, item) -> {
            if (!AuthenticationFilter.needsToken(path)) {
                item.readOperations().forEach(op -> op.setSecurity(List.of()));
            } else if (SIGNED_DOWNLOADS.contains(path) && item.getGet() != null) {
                // A signed URL (?u=&exp=&sig=, from a message) is the credential itself, so an img tag can use it.
                item.getGet().setSecurity(List.of(new SecurityRequirement().addList("bearer"), new SecurityRequirement()));
            }
        });
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

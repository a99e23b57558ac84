package app.cloak.bridge.internal.web;

import app.cloak.bridge.internal.Webhooks;
import app.cloak.shared.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Meta's webhook contract, unauthenticated (the verify token and the body signature are the credentials; the
 * authentication filter only guards /api/ and /ws). The body is read here as raw bytes, never bound to an object,
 * with its own size limit (Meta: up to 3 MB) instead of the API's 256 KiB.
 */
@RestController
class WebhookController {
    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping(value = "/webhooks/whatsapp/{linkId}", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> verify(@PathVariable String linkId, @RequestParam(name = "hub.mode", required = false) String mode,
                                  @RequestParam(name = "hub.verify_token", required = false) String token,
                                  @RequestParam(name = "hub.challenge", required = false) String challenge) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(webhooks.verify(linkId, mode, token, challenge));
    }

    @PostMapping("/webhooks/whatsapp/{linkId}")
    ResponseEntity<Void> receive(@PathVariable String linkId, @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
                                 HttpServletRequest request) throws IOException {
        long limit = webhooks.maxBodyBytes();
        if (request.getContentLengthLong() > limit) throw tooLarge(limit);
        webhooks.requireLink(linkId);
        webhooks.receive(linkId, read(request.getInputStream(), limit), signature);
        return ResponseEntity.ok().build();
    }

    private static byte[] read(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[16384];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > limit) throw tooLarge(limit);
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static ApiProblem tooLarge(long limit) {
        return new ApiProblem(413, "payload_too_large", "Webhook bodies are limited to " + limit + " bytes");
    }
}

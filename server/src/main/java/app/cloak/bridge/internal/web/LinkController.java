package app.cloak.bridge.internal.web;

import app.cloak.bridge.internal.Links;
import app.cloak.shared.Caller;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Linking WhatsApp Business numbers: only the owner sees or changes a link; secrets are never returned. */
@RestController
@RequestMapping("/api/v1/bridge/whatsapp/links")
class LinkController {
    private final Links links;

    LinkController(Links links) {
        this.links = links;
    }

    @PostMapping
    ResponseEntity<Links.Created> create(Caller caller, @RequestBody(required = false) Links.NewLink body) {
        return ResponseEntity.status(201).body(links.create(caller.userId(), body, origin()));
    }

    @GetMapping
    Map<String, List<Links.LinkView>> list(Caller caller) {
        return Map.of("links", links.list(caller.userId(), origin()));
    }

    @GetMapping("/{linkId}")
    Links.LinkView get(Caller caller, @PathVariable String linkId) {
        return links.get(caller.userId(), linkId, origin());
    }

    @PatchMapping("/{linkId}")
    Links.LinkView patch(Caller caller, @PathVariable String linkId, @RequestBody(required = false) Links.LinkPatch body) {
        return links.patch(caller.userId(), linkId, body, origin());
    }

    @DeleteMapping("/{linkId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String linkId) {
        links.delete(caller.userId(), linkId);
    }

    /** Read receipts and replies sent (or failed) through the link, newest first. */
    @GetMapping("/{linkId}/calls")
    Map<String, List<Links.CallView>> calls(Caller caller, @PathVariable String linkId, @RequestParam(defaultValue = "100") int limit) {
        return Map.of("calls", links.calls(caller.userId(), linkId, limit));
    }

    private static String origin() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }
}

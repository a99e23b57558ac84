package app.cloak.search.internal.web;

import app.cloak.search.internal.SearchService;
import app.cloak.shared.Caller;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/search?q=…&chatId=…&limit=…}: ranked hits with highlighted snippets. */
@RestController
@RequestMapping("/api/v1")
class SearchController {
    record Results(List<SearchService.Hit> hits) {}

    private final SearchService search;

    SearchController(SearchService search) {
        this.search = search;
    }

    @GetMapping("/search")
    Results search(Caller caller, @RequestParam(required = false) String q,
                   @RequestParam(required = false) String chatId, @RequestParam(required = false) Integer limit) {
        return new Results(search.search(caller.userId(), q, chatId, limit));
    }
}

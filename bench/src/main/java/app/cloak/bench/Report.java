package app.cloak.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/** A human-readable summary on stdout, then exactly one JSON line with every figure (also appended to --json-out). */
final class Report {
    private final String scenario;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();

    Report(String scenario) {
        this.scenario = scenario;
        results.put("scenario", scenario);
    }

    Report put(String key, Object value) {
        results.put(key, value);
        return this;
    }

    Report line(String format, Object... args) {
        lines.add(format.formatted(args));
        return this;
    }

    void print(ObjectMapper json, String jsonOut) throws IOException {
        System.out.println();
        System.out.println("== " + scenario + " ==");
        for (String l : lines) System.out.println(l);
        String line = json.writeValueAsString(results);
        System.out.println(line);
        System.out.flush();
        if (jsonOut != null && !jsonOut.isBlank()) {
            Files.writeString(Path.of(jsonOut), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}

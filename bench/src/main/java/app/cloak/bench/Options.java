package app.cloak.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} options; every getter takes the default it documents. */
final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> used = new java.util.HashSet<>();

    static Options parse(String[] args, Set<String> flags) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    o.values.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (flags.contains(name)) {
                    o.values.put(name, "true");
                } else {
                    if (i + 1 >= args.length) throw new IllegalArgumentException("--" + name + " needs a value");
                    o.values.put(name, args[++i]);
                }
            } else {
                o.positional.add(a);
            }
        }
        return o;
    }

    List<String> positional() {
        return positional;
    }

    String string(String name, String def) {
        used.add(name);
        return values.getOrDefault(name, def);
    }

    int integer(String name, int def) {
        String v = string(name, null);
        return v == null ? def : Integer.parseInt(v.replace("_", ""));
    }

    double number(String name, double def) {
        String v = string(name, null);
        return v == null ? def : Double.parseDouble(v.replace("_", ""));
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(string(name, "false"));
    }

    Duration duration(String name, Duration def) {
        String v = string(name, null);
        return v == null ? def : parseDuration(v);
    }

    /** {@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    static Duration parseDuration(String v) {
        String s = v.trim().toLowerCase();
        if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        if (s.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
        if (s.endsWith("m")) return Duration.ofSeconds(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60));
        if (s.endsWith("h")) return Duration.ofSeconds(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 3600));
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
    }

    /** Options given on the command line that no scenario asked for: almost always a typo. */
    List<String> unused() {
        return values.keySet().stream().filter(k -> !used.contains(k)).toList();
    }
}

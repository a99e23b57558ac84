package app.cloak.shared;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Input checks shared by every module: each failure is a 400 naming the field. */
public final class Fields {
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

    private Fields() {}

    public static String required(String value, String field) {
        if (value == null || value.isBlank()) throw ApiProblem.badRequest("missing_field", "'" + field + "' is required");
        return value;
    }

    public static String text(String value, String field, int maxChars) {
        if (value == null) return null;
        if (value.codePointCount(0, value.length()) > maxChars) {
            throw ApiProblem.badRequest("field_too_long", "'" + field + "' is limited to " + maxChars + " characters");
        }
        if (!isWellFormed(value)) {
            throw ApiProblem.badRequest("invalid_text", "'" + field + "' contains invalid Unicode");
        }
        return value;
    }

    public static String utf8Bounded(String value, String field, int maxBytes) {
        if (value == null) return null;
        if (!isWellFormed(value)) throw ApiProblem.badRequest("invalid_text", "'" + field + "' contains invalid Unicode");
        if (value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw ApiProblem.badRequest("text_too_long", "'" + field + "' is limited to " + (maxBytes / 1024) + " KiB");
        }
        return value;
    }

    public static String phone(String value) {
        if (value == null || !E164.matcher(value).matches()) {
            throw ApiProblem.badRequest("invalid_phone", "Phone numbers are E.164, e.g. +15551230001");
        }
        return value;
    }

    /** Lone surrogates cannot be stored or sent on as UTF-8. */
    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c) || c == 0) {
                return false;
            }
        }
        return true;
    }
}

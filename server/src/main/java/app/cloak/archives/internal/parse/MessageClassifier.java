package app.cloak.archives.internal.parse;

import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one message's header values and body lines into a {@link ParsedMessage}: the kind (from the localised
 * phrases of {@link ExportPhrases}, the iOS LRM cue, attachment markers and media file names), the caption or
 * text, the edit marker, and kind-specific details.
 */
final class MessageClassifier {
    /** Whether placeholders such as "image omitted" need the LRM cue (an iOS export that writes cues at all). */
    boolean cuesExpected;

    private static final Pattern ANGLE = Pattern.compile("<([^<>:\\d]{1,30}):\\s*([^<>]+?\\.[\\p{L}\\p{N}]{1,6})\\s*>\\s*$");
    private static final Pattern OLD_ANGLE = Pattern.compile("^(\\S.*?\\.[\\p{L}\\p{N}]{1,6})\\s*<[^<>\\d:]{1,25}>\\s*$");
    private static final Pattern PAREN = Pattern.compile("^(\\S.*?\\.[\\p{L}\\p{N}]{1,6}) \\(([^()\\d]{1,30})\\)\\s*$");
    private static final Pattern WHATSAPP_NAME = Pattern.compile(
            "^(?:(?:IMG|VID|PTT|AUD|STK|DOC)-\\d{8}-WA\\d+|\\d{8}-.+|\\p{XDigit}{32})\\..+$");
    private static final Pattern KNOWN_EXTENSION = Pattern.compile(
            "\\.(?i:jpe?g|png|heic|heif|webp|gif|mp4|mov|3gp|m4v|mkv|avi|webm|opus|mp3|m4a|aac|ogg|wav|amr|flac|vcf|pdf|docx?|xlsx?|pptx?|txt|csv|zip|rar|7z|apk|odt|ods|rtf|epub|json|xml|html?)$");
    private static final Pattern VENUE = Pattern.compile("^.+\\(.+\\): https?://\\S+$");
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern LAT_LNG = Pattern.compile("[?&](?:q|ll|query)=(-?\\d{1,3}(?:\\.\\d+)?),\\s*(-?\\d{1,3}(?:\\.\\d+)?)");
    /** "OPTION: text (3 votes)" in any language: a one-word label, the option, a count and a word in brackets. */
    private static final Pattern OPTION = Pattern.compile("^(\\p{L}{2,24}) ?:\\s*(.*?)\\s*\\((\\d+)\\s*[^()\\d]{0,24}\\)\\s*$");
    private static final Pattern DURATION = Pattern.compile("(\\d+:\\d{2}(?::\\d{2})?|\\d+\\s?(?:hr|hrs|h|min|mins|sec|secs|s|std|seg|minutos?)\\b)");
    private static final Pattern PAGES = Pattern.compile("\\s*•\\s*\\d+\\s+\\S+\\s*$");

    ParsedMessage classify(int line, LocalDateTime ts, boolean lenient, AuthorCache.Author who, boolean cue,
                           List<String> lines) {
        String authorRaw = who == null ? null : who.raw();
        boolean quoteCase = who != null && who.quoteCase();
        // the edit marker is a suffix of the last line; remove it first so every kind sees clean text
        boolean edited = false;
        int last = lines.size() - 1;
        String lastLine = lines.get(last);
        if (lastVisible(lastLine) == '>') {
            String k = ExportPhrases.key(lastLine).replace(".>", ">");
            for (String marker : ExportPhrases.EDITED) {
                if (k.endsWith(marker)) {
                    int lt = lastLine.lastIndexOf('<');
                    if (lt >= 0) {
                        edited = true;
                        lines.set(last, stripTrailingMarks(lastLine.substring(0, lt)));
                    }
                    break;
                }
            }
        }
        Map<String, String> details = lenient ? new LinkedHashMap<>(Map.of("clock", "lenient")) : null;
        String first = lines.get(0);
        boolean multi = lines.size() > 1;
        String author = who == null ? null : who.display();
        String authorKey = who == null ? null : who.key();
        Kind kind = null;
        String text = null;
        String mediaFile = null;
        boolean notice = false; // a notice: the author-like prefix is a label, not an author

        boolean blank = isBlank(first);
        boolean candidate = !blank && first.length() <= 400 && (cue || ExportPhrases.mayMatchRaw(first));
        String norm = candidate ? MatchingCopy.normalise(first).strip() : null;
        String key = null;
        if (blank) {
            if (!multi && authorRaw != null) {
                kind = Kind.VIEW_ONCE;
                details = put(details, "form", "empty");
                text = "";
            }
        } else if (candidate) {
            key = ExportPhrases.key(norm);
            if (ExportPhrases.startsWithAny(key, ExportPhrases.ENCRYPTION)) {
                kind = Kind.ENCRYPTION_NOTICE;
                notice = true;
            } else {
                ExportPhrases.Placeholder p = ExportPhrases.EXACT.get(key);
                if (p != null && (!p.needsCue() || cue || !cuesExpected) && (!multi || isMedia(p.kind()))) {
                    kind = p.kind();
                    if (!p.details().isEmpty()) details = putAll(details, p.details());
                    if (isMedia(kind)) text = join(lines, 1);
                    else if (kind == Kind.VIEW_ONCE) text = "";
                } else if (ExportPhrases.startsWithAny(key, ExportPhrases.DELETED_BY_ADMIN)) {
                    kind = Kind.DELETED;
                    details = put(details, "by", "admin");
                } else if (ExportPhrases.startsWithAny(key, ExportPhrases.VIEW_ONCE) && !multi) {
                    kind = Kind.VIEW_ONCE;
                    details = put(details, "form", "notice");
                } else if (!multi && ExportPhrases.startsWithAny(key, ExportPhrases.CALL) && key.length() <= 80) {
                    kind = Kind.CALL;
                    details = callDetails(details, key);
                } else if (ExportPhrases.startsWithAny(key, ExportPhrases.LOCATION) && key.contains("http")) {
                    kind = Kind.LOCATION;
                    details = locationDetails(details, lines, true);
                }
            }
            if (kind == null && (cue || !cuesExpected) && !multi) {
                for (String suffix : ExportPhrases.DOCUMENT_OMITTED) {
                    if (key.endsWith(suffix)) {
                        kind = Kind.DOCUMENT;
                        String name = norm.substring(0, Math.max(0, norm.length() - suffix.length() - (norm.endsWith(".") ? 1 : 0))).strip();
                        name = PAGES.matcher(name).replaceFirst("").strip();
                        mediaFile = name.isEmpty() ? null : name;
                        text = "";
                        break;
                    }
                }
            }
        }
        if (kind == null && multi) {
            Map<String, String> poll = poll(lines);
            if (poll != null) {
                kind = Kind.POLL;
                details = putAll(details, poll);
            }
        }
        if (kind == null) {
            // attachments: "<attached: f>", "f (file attached)", "f <attached>" on any line; the rest is the caption
            for (int i = 0; i < lines.size() && kind == null; i++) {
                String l = lines.get(i);
                char end = lastVisible(l); // every attachment form ends with '>' or ')'
                if (end != '>' && end != ')') continue;
                String n = MatchingCopy.normalise(l).strip();
                String file = null, before = "";
                Matcher m = ANGLE.matcher(n);
                if (m.find()) {
                    file = m.group(2).strip();
                    before = n.substring(0, m.start()).strip();
                } else if ((m = PAREN.matcher(n)).matches()) {
                    String label = m.group(2).strip().toLowerCase(Locale.ROOT);
                    String f = m.group(1).strip();
                    if (ExportPhrases.FILE_ATTACHED.contains(label) || WHATSAPP_NAME.matcher(f).matches()
                            || f.indexOf(' ') < 0 && KNOWN_EXTENSION.matcher(f).find()) {
                        file = f;
                    }
                } else if ((m = OLD_ANGLE.matcher(n)).matches()) {
                    file = m.group(1).strip();
                }
                if (file != null) {
                    kind = kindOfFile(file);
                    mediaFile = file;
                    StringBuilder caption = new StringBuilder(before);
                    for (int j = 0; j < lines.size(); j++) {
                        if (j == i) continue;
                        if (!caption.isEmpty()) caption.append('\n');
                        caption.append(j == 0 ? cleanFirst(lines.get(0)) : stripBom(lines.get(j)));
                    }
                    text = caption.toString().strip();
                }
            }
        }
        if (kind == null && (multi || first.indexOf("://") >= 0) && mapsLink(lines)) {
            String lastNorm = MatchingCopy.normalise(lines.get(lines.size() - 1)).strip();
            boolean bareUrl = lastNorm.startsWith("http") && lastNorm.indexOf(' ') < 0;
            if (cue || bareUrl || VENUE.matcher(MatchingCopy.normalise(first).strip()).matches()) {
                kind = Kind.LOCATION;
                details = locationDetails(details, lines, false);
            }
        }
        if (kind == null && (authorRaw == null || cue || quoteCase)) {
            String whole = authorRaw != null && quoteCase ? authorRaw + ": " + String.join("\n", lines) : String.join("\n", lines);
            String lower = MatchingCopy.normalise(whole).toLowerCase(Locale.ROOT);
            int limit = quoteCase ? MatchingCopy.normalise(authorRaw).length() : Integer.MAX_VALUE;
            long candidates = ExportPhrases.candidateRules(lower);
            for (int ri = 0; ri < ExportPhrases.SYSTEM.size(); ri++) {
                if ((candidates & (1L << ri)) == 0) continue;
                ExportPhrases.SystemRule r = ExportPhrases.SYSTEM.get(ri);
                Matcher m = r.pattern().matcher(lower);
                if (m.find() && m.start() < limit) {
                    kind = Kind.SYSTEM;
                    details = put(details, "subtype", r.subtype());
                    boolean off = ExportPhrases.TURNED_OFF.matcher(lower).find();
                    if (r.subtype().equals("disappearing_messages")) {
                        details = put(details, "state", off ? "off" : "on"); // a new timer value turns them on
                    } else if (r.subtype().equals("join_approval") && (off || ExportPhrases.TURNED_ON.matcher(lower).find())) {
                        details = put(details, "state", off ? "off" : "on");
                    }
                    break;
                }
            }
            if (kind == Kind.SYSTEM && quoteCase) {
                lines.set(0, authorRaw + ": " + lines.get(0));
                authorRaw = null;
                author = authorKey = null;
            } else if (kind == Kind.SYSTEM) {
                notice = true;
            }
        }
        if (kind == null && authorRaw == null) {
            kind = Kind.SYSTEM;
            details = put(details, "subtype", "other");
        }
        if (kind == null) kind = Kind.TEXT;
        if (notice && author != null) {
            details = put(details, "label", author);
            author = authorKey = null;
        }
        if (text == null) {
            text = kind == Kind.TEXT ? joinText(lines) : clean(lines);
        }
        return new ParsedMessage(line, ts, author, authorKey, kind, text, mediaFile, edited,
                details == null ? Map.of() : Collections.unmodifiableMap(details));
    }

    /** Whether a line links a map (Google, Foursquare, Apple). */
    private static boolean mapsLink(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.indexOf("://") >= 0 && (l.contains("maps.google.") || l.contains("foursquare.com/v/") || l.contains("maps.apple.com/"))) {
                return true;
            }
        }
        return false;
    }

    /** The last character that is neither white space nor an invisible mark, or 0. */
    static char lastVisible(String s) {
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c >= 0x80 && (MatchingCopy.isInvisible(c) || Character.isWhitespace(c)
                    || c == '\u00A0' || c == '\u202F')) continue;
            return c;
        }
        return 0;
    }

    static boolean isMedia(Kind k) {
        return switch (k) {
            case MEDIA, IMAGE, VIDEO, AUDIO, VOICE, DOCUMENT, STICKER, GIF, CONTACT -> true;
            default -> false;
        };
    }

    static Kind kindOfFile(String file) {
        String u = file.toUpperCase(Locale.ROOT);
        int dot = u.lastIndexOf('.');
        String ext = dot < 0 ? "" : u.substring(dot + 1);
        if (u.contains("-PHOTO-") || u.startsWith("IMG-")) return Kind.IMAGE;
        if (u.contains("-VIDEO-") || u.startsWith("VID-")) return Kind.VIDEO;
        if (u.startsWith("PTT-")) return Kind.VOICE;
        if (u.contains("-AUDIO-")) return ext.equals("OPUS") ? Kind.VOICE : Kind.AUDIO;
        if (u.startsWith("AUD-")) return Kind.AUDIO;
        if (u.contains("-STICKER-") || u.startsWith("STK-")) return Kind.STICKER;
        if (u.contains("-GIF-")) return Kind.GIF;
        if (u.startsWith("DOC-")) return Kind.DOCUMENT;
        return switch (ext) {
            case "JPG", "JPEG", "PNG", "HEIC", "HEIF" -> Kind.IMAGE;
            case "WEBP" -> Kind.STICKER;
            case "GIF" -> Kind.GIF;
            case "MP4", "MOV", "3GP", "M4V", "MKV", "AVI", "WEBM" -> Kind.VIDEO;
            case "OPUS" -> Kind.VOICE;
            case "MP3", "M4A", "AAC", "OGG", "WAV", "AMR", "FLAC" -> Kind.AUDIO;
            case "VCF" -> Kind.CONTACT;
            default -> Kind.DOCUMENT;
        };
    }

    private static Map<String, String> callDetails(Map<String, String> d, String key) {
        boolean video = key.contains("video") || key.contains("vídeo") || key.contains("vidéo");
        boolean missed = key.contains("missed") || key.contains("verpasst") || key.contains("perdida")
                || key.contains("manqué") || key.contains("silenced");
        d = put(d, "callType", video ? "video" : "voice");
        d = put(d, "missed", Boolean.toString(missed));
        if (key.contains("group") || key.contains("gruppen") || key.contains("grupo")) d = put(d, "group", "true");
        Matcher m = DURATION.matcher(key);
        if (m.find()) d = put(d, "duration", m.group(1));
        return d;
    }

    /**
     * A poll: a heading line ("POLL:", "UMFRAGE:", … from {@link ExportPhrases#POLL}), the question, then option
     * lines ("OPTION: text (3 votes)"). A heading the table does not know counts when it is one upper-case word
     * and at least one option line follows, all option labels being the same upper-case or known word; so a poll
     * in a language the table lacks is still read. The question, options and votes as details; null if no poll.
     */
    static Map<String, String> poll(List<String> lines) {
        String first = lines.get(0);
        int e = first.length();
        while (e > 0 && (first.charAt(e - 1) <= ' ' || MatchingCopy.isInvisible(first.charAt(e - 1)))) e--;
        if (e == 0 || e > 40 || first.charAt(e - 1) != ':') return null;
        String head = MatchingCopy.normalise(first).strip();
        if (head.length() < 3 || head.length() > 30 || head.charAt(head.length() - 1) != ':') return null;
        String word = head.substring(0, head.length() - 1).strip();
        for (int i = 0; i < word.length(); i++) if (!Character.isLetter(word.charAt(i))) return null;
        boolean known = ExportPhrases.POLL.contains(word.toLowerCase(Locale.ROOT));
        if (!known && !upper(word)) return null;
        String question = null, label = null;
        StringBuilder options = new StringBuilder("[");
        StringBuilder votes = new StringBuilder("[");
        int count = 0;
        for (int i = 1; i < lines.size(); i++) {
            String l = MatchingCopy.normalise(lines.get(i)).strip();
            if (l.isEmpty()) continue;
            Matcher m = question == null ? null : OPTION.matcher(l);
            if (m != null && m.matches() && (label == null ? ExportPhrases.POLL_OPTION.contains(m.group(1).toLowerCase(Locale.ROOT))
                    || upper(m.group(1)) : label.equals(m.group(1)))) {
                label = m.group(1);
                if (count++ > 0) {
                    options.append(',');
                    votes.append(',');
                }
                options.append(json(m.group(2)));
                votes.append(Integer.parseInt(m.group(3)));
            } else if (question == null) {
                question = MatchingCopy.stripMarks(lines.get(i)).strip();
            } else if (!known) {
                return null; // an unknown heading followed by other text: not a poll
            }
        }
        if (!known && count == 0) return null;
        Map<String, String> d = new LinkedHashMap<>();
        d.put("question", question == null ? "" : question);
        d.put("options", options.append(']').toString());
        d.put("votes", votes.append(']').toString());
        return d;
    }

    /** Letters only, every cased one upper case, at least one cased. */
    private static boolean upper(String w) {
        boolean cased = false;
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (Character.isLowerCase(c)) return false;
            if (Character.isUpperCase(c)) cased = true;
        }
        return cased;
    }

    private static Map<String, String> locationDetails(Map<String, String> d, List<String> lines, boolean labelled) {
        String all = MatchingCopy.stripMarks(String.join("\n", lines));
        Matcher u = URL.matcher(all);
        if (u.find()) {
            String url = u.group();
            d = put(d, "url", url);
            Matcher ll = LAT_LNG.matcher(url);
            if (ll.find()) {
                d = put(d, "latitude", ll.group(1));
                d = put(d, "longitude", ll.group(2));
            }
            String venue = all.substring(0, u.start()).strip();
            if (labelled) {
                int colon = venue.indexOf(':');
                venue = colon >= 0 ? venue.substring(colon + 1).strip() : venue;
            }
            if (venue.endsWith(":")) venue = venue.substring(0, venue.length() - 1).strip();
            if (!venue.isEmpty()) d = put(d, "venue", venue.replace('\n', ' '));
        }
        return d;
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static Map<String, String> put(Map<String, String> d, String k, String v) {
        if (d == null) d = new LinkedHashMap<>();
        d.put(k, v);
        return d;
    }

    private static Map<String, String> putAll(Map<String, String> d, Map<String, String> all) {
        if (d == null) d = new LinkedHashMap<>();
        d.putAll(all);
        return d;
    }

    /** Text of a typed message: the first line without the leading marks, BOMs removed everywhere. */
    private static String joinText(List<String> lines) {
        if (lines.size() == 1) return cleanFirst(lines.get(0));
        StringBuilder sb = new StringBuilder(cleanFirst(lines.get(0)));
        for (int i = 1; i < lines.size(); i++) sb.append('\n').append(stripBom(lines.get(i)));
        return sb.toString();
    }

    /** Text of a notice or placeholder: all marks removed, trimmed. */
    private static String clean(List<String> lines) {
        if (lines.size() == 1) return MatchingCopy.stripMarks(lines.get(0)).strip();
        return MatchingCopy.stripMarks(String.join("\n", lines)).strip();
    }

    private static String join(List<String> lines, int from) {
        if (from >= lines.size()) return "";
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < lines.size(); i++) {
            if (i > from) sb.append('\n');
            sb.append(stripBom(lines.get(i)));
        }
        return sb.toString().strip();
    }

    static String cleanFirst(String s) {
        int i = 0;
        while (i < s.length() && MatchingCopy.isInvisible(s.charAt(i))) i++;
        return stripBom(i == 0 ? s : s.substring(i));
    }

    /** Blank once the marks are ignored. */
    static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && !(c >= 0x80 && (MatchingCopy.isInvisible(c) || Character.isWhitespace(c)))) return false;
        }
        return true;
    }

    static String stripBom(String s) {
        return s.indexOf('\uFEFF') < 0 ? s : s.replace("\uFEFF", "");
    }

    private static String stripTrailingMarks(String s) {
        int e = s.length();
        while (e > 0 && (MatchingCopy.isInvisible(s.charAt(e - 1)) || Character.isWhitespace(s.charAt(e - 1))
                || s.charAt(e - 1) == '\u00A0' || s.charAt(e - 1) == '\u202F')) e--;
        return s.substring(0, e);
    }
}

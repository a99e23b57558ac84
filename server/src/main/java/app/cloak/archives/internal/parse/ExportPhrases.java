package app.cloak.archives.internal.parse;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The localised strings WhatsApp writes into exports, as data. Sources: the examples collected in
 * shared/notes/chat-export-formats.md §5 (en, de, nl, es, pt, fr, it, ru, cs, tr, ar, ja) and, for a few
 * translations of the same sentences, WhatsApp's own wording in those languages. Keys are compared after
 * {@link #key}: marks removed, lower case, trailing full stop and spaces dropped.
 */
final class ExportPhrases {
    private ExportPhrases() {
    }

    /** A fixed body that means something other than text. */
    record Placeholder(Kind kind, boolean needsCue, Map<String, String> details) {
    }

    static final Map<String, Placeholder> EXACT = new HashMap<>();
    /** The first four characters (lower case, packed) of every fixed phrase and prefix rule: a cheap first filter. */
    private static final LongSet starts = new LongSet();
    private static final LongSet ends = new LongSet();

    private static void exact(Kind kind, boolean needsCue, Map<String, String> details, String... phrases) {
        for (String p : phrases) {
            String k = key(p);
            EXACT.put(k, new Placeholder(kind, needsCue, details));
            first(k);
        }
    }

    private static void first(String k) {
        starts.add(pack(k, 0));
    }

    /** Four characters from {@code from} (fewer at the end), lower case, packed into a long. */
    private static long pack(String s, int from) {
        long v = 0;
        int to = Math.min(s.length(), from + 4);
        for (int i = from; i < to; i++) v = (v << 16) | Character.toLowerCase(s.charAt(i));
        return v | ((long) (to - from) << 62);
    }

    static {
        // Android "without media": the type is not written
        exact(Kind.MEDIA, false, Map.of(), "<Media omitted>", "<Medien ausgeschlossen>", "<Media weggelaten>",
                "<Без медиафайлов>", "<Média vynechány>", "<multimedia omitido>", "<Archivo omitido>", "<Mídia omitida>",
                "<ficheiro não revelado>", "<media omessi>", "<Media omesso>", "<médias omis>", "<Fichier omis>",
                "<medya dahil edilmedi>", "<Medya atlanmış>");
        // iOS "without media": typed, written after an LRM
        exact(Kind.IMAGE, true, Map.of(), "image omitted", "Bild weggelassen", "image absente", "immagine omessa",
                "imagen omitida", "imagem não revelada", "imagem ocultada", "изображение отсутствует",
                "画像は含まれていません", "لم يتم إدراج الصورة", "afbeelding weggelaten");
        exact(Kind.VIDEO, true, Map.of(), "video omitted", "Video weggelassen", "vidéo absente", "video omesso",
                "video omitido", "vídeo omitido", "видео отсутствует", "video weggelaten");
        exact(Kind.VIDEO, true, Map.of("videoNote", "true"), "video message omitted");
        exact(Kind.AUDIO, true, Map.of(), "audio omitted", "Audio weggelassen", "audio omesso", "audio omitido",
                "áudio omitido", "аудио отсутствует", "audio weggelaten");
        exact(Kind.STICKER, true, Map.of(), "sticker omitted", "Sticker weggelassen", "sticker omitido",
                "sticker omesso", "sticker weggelaten");
        exact(Kind.GIF, true, Map.of(), "GIF omitted", "GIF weggelassen", "GIF omitido", "GIF omessa", "GIF weggelaten");
        exact(Kind.CONTACT, true, Map.of(), "Contact card omitted", "Kontaktkarte ausgelassen",
                "tarjeta de contacto omitida", "scheda contatto omessa", "contactkaart weggelaten");
        exact(Kind.DELETED, false, Map.of(), "This message was deleted", "Diese Nachricht wurde gelöscht",
                "Dit bericht is verwijderd", "Se eliminó este mensaje", "Esta mensagem foi apagada",
                "Ce message a été supprimé", "Questo messaggio è stato eliminato", "Данное сообщение удалено",
                "Это сообщение было удалено", "Bu mesaj silindi");
        exact(Kind.DELETED, false, Map.of("by", "you"), "You deleted this message", "Du hast diese Nachricht gelöscht",
                "U hebt dit bericht verwijderd", "Je hebt dit bericht verwijderd", "Eliminaste este mensaje",
                "Você apagou esta mensagem", "Vous avez supprimé ce message", "Hai eliminato questo messaggio",
                "Вы удалили данное сообщение", "Bu mesajı sildiniz");
        exact(Kind.LIVE_LOCATION, false, Map.of(), "live location shared", "Live-Standort wird geteilt",
                "Ubicación en tiempo real compartida", "Localização em tempo real compartilhada",
                "Live locatie gedeeld", "Posizione in tempo reale condivisa");
        exact(Kind.VIEW_ONCE, false, Map.of("form", "null"), "null");
        exact(Kind.UNSUPPORTED, false, Map.of("reason", "waiting"), "Waiting for this message",
                "Waiting for this message. This may take a while", "Warte auf diese Nachricht",
                "Esperando el mensaje", "Aguardando mensagem");
    }

    /** Prefixes (of the key) of sentences with a variable tail. */
    static final List<String> DELETED_BY_ADMIN = List.of("this message was deleted by admin");
    static final List<String> VIEW_ONCE = List.of("you received a view once message", "you sent a view once message",
            "view once message", "einmal ansehen");
    static final List<String> CALL = List.of("missed voice call", "missed video call", "missed group voice call",
            "missed group video call", "voice call", "video call", "group voice call", "group video call",
            "silenced voice call", "silenced video call", "verpasster sprachanruf", "verpasster videoanruf",
            "verpasster gruppenanruf", "sprachanruf", "videoanruf", "llamada perdida", "llamada de voz",
            "videollamada", "chamada de voz", "chamada de vídeo", "appel vocal", "appel vidéo", "appel manqué");
    static final List<String> ENCRYPTION = List.of(
            "messages and calls are end-to-end encrypted",
            "messages to this group are now secured with end-to-end encryption",
            "messages to this chat and calls are now secured with end-to-end encryption",
            "messages you send to this chat and calls are now secured with end-to-end encryption",
            "messages you send to this group are now secured with end-to-end encryption",
            "nachrichten und anrufe sind ende-zu-ende-verschlüsselt",
            "as mensagens e as chamadas são protegidas com a criptografia de ponta a ponta",
            "as mensagens e chamadas são protegidas com a criptografia de ponta a ponta",
            "les messages et les appels sont chiffrés de bout en bout",
            "los mensajes y las llamadas están cifrados de extremo a extremo",
            "berichten en oproepen worden end-to-end versleuteld",
            "i messaggi e le chiamate sono crittografati end-to-end",
            "сообщения и звонки защищены сквозным шифрованием",
            "mesajlar ve aramalar uçtan uca şifrelidir");
    /** Labels of a shared location ("location: https://maps.google.com/?q=…"). */
    static final List<String> LOCATION = List.of("location:", "standort:", "locatie:", "ubicación:", "localização:",
            "position :", "position:", "posizione:", "местоположение:", "موقع:", "konum:", "poloha:");
    /** Suffixes of an iOS document placeholder ("report.pdf • 2 pages document omitted"). */
    static final List<String> DOCUMENT_OMITTED = List.of("document omitted", "dokument weggelassen",
            "documento omitido", "documento omesso", "document absent", "document weggelaten", "документ отсутствует");
    /** The edit marker WhatsApp appends since 2023 (compared on the key of the last line). */
    static final List<String> EDITED = List.of("<this message was edited>", "<diese nachricht wurde bearbeitet>",
            "<se editó este mensaje>", "<questo messaggio è stato modificato>", "<mensagem editada>",
            "<ce message a été modifié>", "<dit bericht is bewerkt>", "<это сообщение было изменено>",
            "<bu mesaj düzenlendi>");
    /** "(file attached)" in the languages seen; any short label is accepted for WhatsApp-named files. */
    static final List<String> FILE_ATTACHED = List.of("file attached", "datei angehängt", "arquivo anexado",
            "ficheiro anexado", "bestand bijgevoegd", "archivo adjunto", "fichier joint", "file allegato",
            "dosya ekli", "soubor připojen", "файл прикреплён", "файл прикреплен");

    /**
     * The heading word of a poll ("POLL:" in English exports, notes §5) and its translations, lower case. The notes
     * have no localised poll: these are WhatsApp's words for "poll" as far as we know them, and a heading outside the
     * list is still read when it is one upper-case word followed by option lines ({@link MessageClassifier#poll}).
     */
    static final java.util.Set<String> POLL = java.util.Set.of("poll", "umfrage", "encuesta", "enquete", "sondagem",
            "sondage", "sondaggio", "peiling", "опрос", "anket", "anketa", "استطلاع");
    /** The option label ("OPTION: …") and its translations, lower case (same caveat as {@link #POLL}). */
    static final java.util.Set<String> POLL_OPTION = java.util.Set.of("option", "opción", "opção", "opzione", "optie",
            "вариант", "seçenek", "možnost", "خيار");

    static {
        for (List<String> l : List.of(DELETED_BY_ADMIN, VIEW_ONCE, CALL, ENCRYPTION, LOCATION)) l.forEach(ExportPhrases::first);
        for (String suffix : DOCUMENT_OMITTED) ends.add(pack(suffix, suffix.length() - 4));
    }

    /** System notices: subtype and a pattern found in the notice (lower case). Checked in order. */
    record SystemRule(String subtype, Pattern pattern) {
    }

    static final List<SystemRule> SYSTEM = List.of(
            rule("security_code_changed", "security code with .* changed|your security code .*changed|sicherheitsnummer .*geändert|código de seguridad .*cambió|código de segurança .*mudou|code de sécurité|codice di sicurezza|beveiligingscode|güvenlik kodu|код безопасности|bezpečnostní kód"),
            rule("number_changed", "changed their phone number|changed (?:their number |the phone number )?to \\+|changed to \\+\\d|hat (?:die|seine|ihre) telefonnummer|cambió su número|mudou (?:o )?(?:seu )?número|a changé de numéro|ha cambiato (?:il suo )?numero|telefoonnummer gewijzigd|telefon numarasını|сменил\\S* номер|změnil\\S* (?:své )?telefonní číslo"),
            rule("group_created", "created group|created this group|hat die gruppe .*erstellt|hast die gruppe .*erstellt|creó el grupo|creaste el grupo|criou o grupo|a créé le groupe|heeft groep .*aangemaakt|hebt groep .*aangemaakt|ha creato il gruppo|grubunu oluşturdu|создал\\S* групп|vytvořil\\S* skupinu"),
            rule("invite_link_reset", "reset this group's invite link|invite link was reset|einladungslink .*zurückgesetzt|restableció el enlace de invitación|redefiniu o link de convite|réinitialisé le lien d'invitation"),
            rule("join_approval", "admin approval|approve new participants|requested to join|join request|beitrittsanfrage|genehmigung durch admins|aprobación de (?:los )?admin|aprovação de admin|approbation (?:des )?admin"),
            rule("subject_changed", "changed the subject|changed the group name|changed this group's name|hat den betreff|hast den betreff|hat den gruppennamen|cambió el asunto|cambió el nombre del grupo|mudou o assunto|mudou o nome do grupo|a modifié le sujet|a changé le nom du groupe|heeft de (?:groeps)?naam|ha cambiato l'oggetto|ha modificato l'oggetto|ha cambiato il nome del gruppo|grup adını|konusunu|изменил\\S* (?:тему|название)|změnil\\S* (?:předmět|název skupiny)"),
            rule("icon_changed", "group's icon|group icon|gruppenbild|ícono del grupo|imagen del grupo|imagem do grupo|l'icône du groupe|groepsafbeelding|immagine del gruppo|icona del gruppo|grup simgesini|grup resmini|изображение группы|значок группы|ikonu skupiny|obrázek skupiny"),
            rule("description_changed", "group description|gruppenbeschreibung|descripción del grupo|descrição do grupo|description du groupe|groepsbeschrijving|descrizione del gruppo|grup açıklamasını|описание группы|popis skupiny"),
            rule("settings_changed", "group's settings|group settings|gruppeneinstellungen|configuración del grupo|ajustes del grupo|configurações do grupo|paramètres du groupe|groepsinstellingen|impostazioni del gruppo|grup ayarlarını|настройки группы|nastavení skupiny"),
            rule("admin", "an admin|no longer an admin|jetzt admin|kein admin mehr|ahora eres admin|agora é admin|agora você é admin|administrateur|beheerder|amministratore|yönetici|администратор|správce"),
            rule("disappearing_messages", "disappearing messages|message timer|selbstlöschende nachrichten|mensajes temporales|mensagens temporárias|messages éphémères|verdwijnende berichten|messaggi effimeri|süreli mesajlar|kaybolan mesajlar|исчезающие сообщения|mizející zprávy"),
            rule("joined", "joined using|joined from the community|ist .*beigetreten|bist .*beigetreten|se unió|entrou usando|a rejoint|is lid geworden|si è unit|katıldı|присоединил|připojil"),
            rule("community", "communit|comunidad|comunidade|communauté|comunità|gemeenschap|topluluk|сообществ|komunit"),
            rule("member_added", "\\badded\\b|hinzugefügt|añadió|agregó|adicionou|a ajouté|toegevoegd|ha aggiunto|ekledi|добавил|přidal"),
            rule("member_removed", "\\bremoved\\b|entfernt|eliminó a|removeu|a retiré|verwijderd|ha rimosso|çıkardı|удалил|odebral"),
            rule("member_left", "\\bleft\\b|verlassen|salió|saiu|est parti|is vertrokken|heeft de groep verlaten|è uscit|ayrıldı|вышел|opustil|odešel|odešla"),
            rule("blocked", "blocked this contact|unblocked this contact|kontakt blockiert|kontakt freigegeben|bloqueaste|desbloqueaste"),
            rule("pinned", "pinned a message|unpinned a message|hat eine nachricht angeheftet|fijó un mensaje|fixou uma mensagem|a épinglé un message"),
            rule("business", "this business|business account|unternehmen"),
            rule("meta_ai", "meta ai"),
            rule("chat_privacy", "advanced chat privacy|chat protection"));

    /** A notice that turns a setting off / on (disappearing messages, admin approval; lower-case notice text). */
    static final Pattern TURNED_OFF = Pattern.compile("turned off|switched off|ausgeschaltet|deaktiviert|desactivó|desativou|désactivé|uitgeschakeld|disattivato|kapattı|отключил|vypnul");
    static final Pattern TURNED_ON = Pattern.compile("turned on|switched on|eingeschaltet|aktiviert|activó|ativou|activé|ingeschakeld|attivato|açtı|включил|zapnul");

    private static SystemRule rule(String subtype, String regex) {
        return new SystemRule(subtype, Pattern.compile(regex));
    }

    /**
     * A cheap first filter for {@link #SYSTEM}: every top-level alternative of a rule starts with at least three
     * literal characters, so a rule can only match a text that contains one of its alternatives' first three
     * characters. Maps those trigrams to the rules (bit i = rule i); rules with a shorter literal always run.
     */
    private static final java.util.Map<Long, Long> TRIGGERS = new HashMap<>();
    private static long alwaysRun;

    static {
        for (int r = 0; r < SYSTEM.size(); r++) {
            for (String alternative : topLevelAlternatives(SYSTEM.get(r).pattern().pattern())) {
                String lit = literalPrefix(alternative);
                if (lit.length() < 3) alwaysRun |= 1L << r;
                else TRIGGERS.merge(tri(lit, 0), 1L << r, (a, b) -> a | b);
            }
        }
        if (SYSTEM.size() > 63) throw new IllegalStateException("too many system rules for a bit mask");
    }

    private static List<String> topLevelAlternatives(String regex) {
        List<String> out = new java.util.ArrayList<>();
        int depth = 0, from = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') i++;
            else if (c == '(' || c == '[') depth++;
            else if (c == ')' || c == ']') depth--;
            else if (c == '|' && depth == 0) {
                out.add(regex.substring(from, i));
                from = i + 1;
            }
        }
        out.add(regex.substring(from));
        return out;
    }

    private static String literalPrefix(String alternative) {
        String a = alternative.startsWith("\\b") ? alternative.substring(2) : alternative;
        int i = 0;
        while (i < a.length() && ".*+?()[]{}|^$\\".indexOf(a.charAt(i)) < 0) i++;
        // a quantifier after the last literal makes that character optional
        if (i < a.length() && "*?{".indexOf(a.charAt(i)) >= 0 && i > 0) i--;
        return a.substring(0, i);
    }

    private static long tri(CharSequence s, int i) {
        return ((long) s.charAt(i) << 32) | ((long) s.charAt(i + 1) << 16) | s.charAt(i + 2);
    }

    /** The rules (bit i = {@code SYSTEM.get(i)}) that can match the lower-case text. */
    static long candidateRules(String lower) {
        long mask = alwaysRun;
        for (int i = 0; i + 2 < lower.length(); i++) {
            Long m = TRIGGERS.get(tri(lower, i));
            if (m != null) mask |= m;
        }
        return mask;
    }

    /** Marks removed, the no-break spaces plain, lower case, trailing spaces and one final full stop dropped. */
    static String key(String s) {
        String k = MatchingCopy.normalise(s).strip().toLowerCase(Locale.ROOT);
        if (k.endsWith(".")) k = k.substring(0, k.length() - 1).stripTrailing();
        return k;
    }

    /**
     * Whether a raw line can start with a fixed phrase or prefix rule, or end with a document placeholder: its first
     * (and last) four visible characters, normalised and lower-cased, are looked up without copying the line.
     */
    static boolean mayMatchRaw(String raw) {
        int n = raw.length();
        long v = 0;
        int got = 0;
        for (int i = 0; i < n && got < 4; i++) {
            char c = raw.charAt(i);
            if (c >= 0x80) {
                if (MatchingCopy.isInvisible(c)) continue;
                c = MatchingCopy.map(c);
            }
            if (got == 0 && (c == ' ' || c == '\t')) continue;
            v = (v << 16) | lower(c);
            got++;
        }
        if (got == 0) return false;
        if (starts.contains(v | ((long) got << 62))) return true;
        // the last four visible characters, before trailing spaces and one full stop
        long w = 0;
        int g = 0;
        boolean dot = false;
        long shift = 0;
        for (int i = n - 1; i >= 0 && g < 4; i--) {
            char c = raw.charAt(i);
            if (c >= 0x80) {
                if (MatchingCopy.isInvisible(c)) continue;
                c = MatchingCopy.map(c);
            }
            if (g == 0 && (c == ' ' || c == '\t')) continue;
            if (g == 0 && c == '.' && !dot) {
                dot = true;
                continue;
            }
            w |= (long) lower(c) << shift;
            shift += 16;
            g++;
        }
        return g == 4 && ends.contains(w | (4L << 62));
    }

    private static char lower(char c) {
        if (c < 0x80) return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        return Character.toLowerCase(c);
    }

    /** Whether a (normalised, stripped) first line can start with a fixed phrase or prefix rule. */
    static boolean mayMatch(String norm) {
        return starts.contains(pack(norm, 0));
    }

    /** Whether a (normalised, stripped) line can end with a document placeholder. */
    static boolean mayEndWithDocument(String norm) {
        int e = norm.endsWith(".") ? norm.length() - 1 : norm.length();
        return e >= 4 && ends.contains(pack(norm.substring(e - 4, e), 0));
    }

    static boolean startsWithAny(String key, List<String> prefixes) {
        for (String p : prefixes) if (key.startsWith(p)) return true;
        return false;
    }
}

package app.cloak.archives.internal.parse;

import static app.cloak.archives.internal.parse.ExportFixtures.crlf;
import static app.cloak.archives.internal.parse.ExportFixtures.lf;
import static app.cloak.archives.internal.parse.ExportFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One invented message per row of shared/notes/chat-export-formats.md §5 (and its translations). */
class MessageKindsTest {
    private static final String A = "12/07/2021, 10:00 - ";
    private static final String I = "[18/07/2021, 10:00:00] ";
    private static final String LRM = "\u200E";

    private static ParsedMessage android(String rest) {
        return parse(lf(A + rest)).only();
    }

    private static ParsedMessage android(String... lines) {
        lines[0] = A + lines[0];
        return parse(lf(lines)).only();
    }

    private static ParsedMessage ios(String rest) {
        return parse(crlf(I + rest)).only();
    }

    static Stream<Arguments> placeholders() {
        return Stream.of(
                // Android "<Media omitted>" in the languages of the notes: the type is unknown
                Arguments.of("Alice: <Media omitted>", Kind.MEDIA), Arguments.of("Alice: <media omitted>", Kind.MEDIA),
                Arguments.of("Alice: <Medien ausgeschlossen>", Kind.MEDIA), Arguments.of("Alice: <Media weggelaten>", Kind.MEDIA),
                Arguments.of("Alice: <Без медиафайлов>", Kind.MEDIA), Arguments.of("Alice: <Média vynechány>", Kind.MEDIA),
                Arguments.of("Alice: <multimedia omitido>", Kind.MEDIA), Arguments.of("Alice: <Archivo omitido>", Kind.MEDIA),
                Arguments.of("Alice: <Mídia omitida>", Kind.MEDIA), Arguments.of("Alice: <ficheiro não revelado>", Kind.MEDIA),
                Arguments.of("Alice: <media omessi>", Kind.MEDIA), Arguments.of("Alice: <Media omesso>", Kind.MEDIA),
                Arguments.of("Alice: <médias omis>", Kind.MEDIA), Arguments.of("Alice: <Fichier omis>", Kind.MEDIA),
                Arguments.of("Alice: <medya dahil edilmedi>", Kind.MEDIA), Arguments.of("Alice: <Medya atlanmış>", Kind.MEDIA),
                // deleted
                Arguments.of("Alice: This message was deleted", Kind.DELETED), Arguments.of("Alice: You deleted this message", Kind.DELETED),
                Arguments.of("Alice: Diese Nachricht wurde gelöscht.", Kind.DELETED),
                Arguments.of("Alice: Du hast diese Nachricht gelöscht.", Kind.DELETED),
                Arguments.of("Alice: Dit bericht is verwijderd", Kind.DELETED), Arguments.of("Alice: U hebt dit bericht verwijderd", Kind.DELETED),
                Arguments.of("Alice: This message was deleted by admin Bob.", Kind.DELETED),
                // live location, waiting, view once, calls
                Arguments.of("Alice: live location shared", Kind.LIVE_LOCATION), Arguments.of("Alice: Live-Standort wird geteilt.", Kind.LIVE_LOCATION),
                Arguments.of("Alice: Waiting for this message", Kind.UNSUPPORTED),
                Arguments.of("+91 84094 32185: null", Kind.VIEW_ONCE), Arguments.of("Carol:", Kind.VIEW_ONCE),
                Arguments.of("Alice: Missed voice call", Kind.CALL), Arguments.of("Alice: Missed video call", Kind.CALL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placeholders")
    void androidPlaceholders(String rest, Kind kind) {
        ParsedMessage m = android(rest);
        assertThat(m.kind()).isEqualTo(kind);
        assertThat(m.author()).isNotNull();
    }

    static Stream<Arguments> iosPlaceholders() {
        return Stream.of(
                Arguments.of("image omitted", Kind.IMAGE), Arguments.of("video omitted", Kind.VIDEO),
                Arguments.of("audio omitted", Kind.AUDIO), Arguments.of("sticker omitted", Kind.STICKER),
                Arguments.of("GIF omitted", Kind.GIF), Arguments.of("Contact card omitted", Kind.CONTACT),
                Arguments.of("video message omitted", Kind.VIDEO),
                Arguments.of("Bild weggelassen", Kind.IMAGE), Arguments.of("Kontaktkarte ausgelassen", Kind.CONTACT),
                Arguments.of("image absente", Kind.IMAGE), Arguments.of("immagine omessa", Kind.IMAGE),
                Arguments.of("imagen omitida", Kind.IMAGE), Arguments.of("imagem não revelada", Kind.IMAGE),
                Arguments.of("изображение отсутствует", Kind.IMAGE), Arguments.of("画像は含まれていません", Kind.IMAGE),
                Arguments.of("لم يتم إدراج الصورة", Kind.IMAGE),
                Arguments.of("This message was deleted.", Kind.DELETED), Arguments.of("You deleted this message.", Kind.DELETED),
                Arguments.of("Missed voice call. " + LRM + "Tap to call back", Kind.CALL),
                Arguments.of("You received a view once message. For added privacy, you can only open it on your phone.", Kind.VIEW_ONCE),
                Arguments.of("live location shared", Kind.LIVE_LOCATION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("iosPlaceholders")
    void iosPlaceholdersAfterTheLrmCue(String body, Kind kind) {
        ParsedMessage m = parse(crlf(LRM + I + "Dmitry S: " + LRM + body)).only();
        assertThat(m.kind()).isEqualTo(kind);
        assertThat(m.author()).isEqualTo("Dmitry S");
    }

    @Test
    void typedPlaceholderWithoutTheCueIsTextInAnExportThatWritesCues() {
        ExportFixtures.Parsed p = parse(crlf(LRM + I + "Dmitry S: " + LRM + "image omitted", I + "Eva: image omitted"));
        assertThat(p.get(0).kind()).isEqualTo(Kind.IMAGE);
        assertThat(p.get(1).kind()).isEqualTo(Kind.TEXT);
        assertThat(p.get(1).text()).isEqualTo("image omitted");
    }

    @Test
    void iosDocumentPlaceholderNamesTheFile() {
        ParsedMessage m = ios("Eva: " + LRM + "Budget 2022.pdf • " + LRM + "2 pages " + LRM + "document omitted");
        assertThat(m.kind()).isEqualTo(Kind.DOCUMENT);
        assertThat(m.mediaFile()).isEqualTo("Budget 2022.pdf");
        assertThat(m.text()).isEmpty();
        assertThat(ios("Eva: " + LRM + "notes.txt " + LRM + "document omitted").mediaFile()).isEqualTo("notes.txt");
    }

    @Test
    void androidMediaCaptionFollowsOnTheNextLines() {
        ParsedMessage m = android("Jan: <Media weggelaten>", "Caption line", "second line");
        assertThat(m.kind()).isEqualTo(Kind.MEDIA);
        assertThat(m.text()).isEqualTo("Caption line\nsecond line");
        ParsedMessage a = android("Jan: " + LRM + "IMG-20210428-WA0001.jpg (Datei angehängt)", "Dir auch frohe Ostern.");
        assertThat(a.kind()).isEqualTo(Kind.IMAGE);
        assertThat(a.mediaFile()).isEqualTo("IMG-20210428-WA0001.jpg");
        assertThat(a.text()).isEqualTo("Dir auch frohe Ostern.");
    }

    static Stream<Arguments> attachments() {
        return Stream.of(
                Arguments.of("IMG-20210428-WA0001.jpg (file attached)", "IMG-20210428-WA0001.jpg", Kind.IMAGE),
                Arguments.of("VID-20210428-WA0002.mp4 (arquivo anexado)", "VID-20210428-WA0002.mp4", Kind.VIDEO),
                Arguments.of("PTT-20210428-WA0003.opus (bestand bijgevoegd)", "PTT-20210428-WA0003.opus", Kind.VOICE),
                Arguments.of("AUD-20210428-WA0004.mp3 (file attached)", "AUD-20210428-WA0004.mp3", Kind.AUDIO),
                Arguments.of("STK-20210428-WA0005.webp (file attached)", "STK-20210428-WA0005.webp", Kind.STICKER),
                Arguments.of("DOC-20210428-WA0006.pdf (file attached)", "DOC-20210428-WA0006.pdf", Kind.DOCUMENT),
                Arguments.of("Alex.vcf (file attached)", "Alex.vcf", Kind.CONTACT),
                Arguments.of("4f2680f1db95a8454775cc2eefc95bfc.jpg (file attached)", "4f2680f1db95a8454775cc2eefc95bfc.jpg", Kind.IMAGE),
                Arguments.of(LRM + "<attached: 00000042-PHOTO-2020-06-07-15-13-20.jpg>", "00000042-PHOTO-2020-06-07-15-13-20.jpg", Kind.IMAGE),
                Arguments.of(LRM + "<attached: 00000043-VIDEO-2020-06-07-15-13-20.mp4>", "00000043-VIDEO-2020-06-07-15-13-20.mp4", Kind.VIDEO),
                Arguments.of(LRM + "<attached: 00000044-AUDIO-2020-06-07-15-13-20.opus>", "00000044-AUDIO-2020-06-07-15-13-20.opus", Kind.VOICE),
                Arguments.of(LRM + "<attached: 00000045-STICKER-2020-06-07-15-13-20.webp>", "00000045-STICKER-2020-06-07-15-13-20.webp", Kind.STICKER),
                Arguments.of(LRM + "<attached: 00000046-GIF-2020-06-07-15-13-20.mp4>", "00000046-GIF-2020-06-07-15-13-20.mp4", Kind.GIF),
                Arguments.of(LRM + "<attached: 00000042-TR.vcf>", "00000042-TR.vcf", Kind.CONTACT),
                Arguments.of("2015-08-04-PHOTO-00004762.jpg <" + LRM + "attached>", "2015-08-04-PHOTO-00004762.jpg", Kind.IMAGE),
                Arguments.of("<Anhang: 00000047-PHOTO-2021-01-01-10-00-00.jpg>", "00000047-PHOTO-2021-01-01-10-00-00.jpg", Kind.IMAGE),
                Arguments.of("<adjunto: 00000048-Factura.pdf>", "00000048-Factura.pdf", Kind.DOCUMENT),
                Arguments.of("<المُرفق: 00000049-PHOTO-2021-01-01-10-00-00.jpg>", "00000049-PHOTO-2021-01-01-10-00-00.jpg", Kind.IMAGE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attachments")
    void attachmentsNameTheFileAndTheKind(String body, String file, Kind kind) {
        ParsedMessage m = android("Kim: " + body);
        assertThat(m.kind()).isEqualTo(kind);
        assertThat(m.mediaFile()).isEqualTo(file);
        assertThat(m.text()).isEmpty();
    }

    @Test
    void iosDocumentCaptionComesBeforeThePlaceholder() {
        ParsedMessage m = ios("Kim: Some file.txt " + LRM + "<attached: 00000046-Some file.txt>");
        assertThat(m.kind()).isEqualTo(Kind.DOCUMENT);
        assertThat(m.mediaFile()).isEqualTo("00000046-Some file.txt");
        assertThat(m.text()).isEqualTo("Some file.txt");
    }

    @Test
    void typedTextThatMerelyMentionsAFileIsText() {
        assertThat(android("Kim: look at my notes (really nice)").kind()).isEqualTo(Kind.TEXT);
        assertThat(android("Kim: is 3 < 4? yes").kind()).isEqualTo(Kind.TEXT);
    }

    @Test
    void locations() {
        ParsedMessage a = android("Ben: location: https://maps.google.com/?q=48.11,11.56");
        assertThat(a.kind()).isEqualTo(Kind.LOCATION);
        assertThat(a.details()).containsEntry("latitude", "48.11").containsEntry("longitude", "11.56")
                .containsEntry("url", "https://maps.google.com/?q=48.11,11.56");
        ParsedMessage i = ios("Ben: " + LRM + "Location: https://maps.google.com/?q=51.4841,-0.1377");
        assertThat(i.kind()).isEqualTo(Kind.LOCATION);
        assertThat(i.details()).containsEntry("latitude", "51.4841").containsEntry("longitude", "-0.1377");
        ParsedMessage venue = ios("Ben: Pimlico Gardens (London, United Kingdom): https://foursquare.com/v/4b5d3f0af964a520")
                ;
        assertThat(venue.kind()).isEqualTo(Kind.LOCATION);
        assertThat(venue.details()).containsEntry("venue", "Pimlico Gardens (London, United Kingdom)")
                .containsEntry("url", "https://foursquare.com/v/4b5d3f0af964a520");
        ParsedMessage multi = android("Ben: Pimlico Gardens", "Grosvenor Road, London", "https://maps.google.com/?q=51.48,-0.13");
        assertThat(multi.kind()).isEqualTo(Kind.LOCATION);
        assertThat(multi.details()).containsEntry("venue", "Pimlico Gardens Grosvenor Road, London");
        for (String label : new String[] {"Standort", "locatie", "Ubicación", "موقع"}) {
            ParsedMessage l = android("Ben: " + label + ": https://maps.google.com/?q=1.5,2.5");
            assertThat(l.kind()).as(label).isEqualTo(Kind.LOCATION);
            assertThat(l.details()).as(label).containsEntry("latitude", "1.5");
        }
    }

    @Test
    void pollWithQuestionOptionsAndVotes() {
        ExportFixtures.Parsed p = parse(crlf(I + "Lea: " + LRM + "POLL:\nWhere do we eat?\n" + LRM + "OPTION: Pizza \"Roma\" (3 votes)\n"
                + LRM + "OPTION: Sushi (1 vote)\n" + LRM + "OPTION: Tacos (0 Votes)\n", I + "Max: ok"));
        ParsedMessage m = p.get(0);
        assertThat(m.kind()).isEqualTo(Kind.POLL);
        assertThat(m.details()).containsEntry("question", "Where do we eat?")
                .containsEntry("options", "[\"Pizza \\\"Roma\\\"\",\"Sushi\",\"Tacos\"]")
                .containsEntry("votes", "[3,1,0]");
        assertThat(p.get(1).text()).isEqualTo("ok");
    }

    @Test
    void editMarkerIsRemovedAndFlagged() {
        ParsedMessage en = android("Sam: see you at 8 <This message was edited>");
        assertThat(en.edited()).isTrue();
        assertThat(en.text()).isEqualTo("see you at 8");
        assertThat(en.kind()).isEqualTo(Kind.TEXT);
        assertThat(ios("Sam: bis dann " + LRM + "<Diese Nachricht wurde bearbeitet.>").text()).isEqualTo("bis dann");
        assertThat(android("Sam: hola <Se editó este mensaje.>").edited()).isTrue();
        assertThat(android("Sam: ciao <Questo messaggio è stato modificato>").edited()).isTrue();
        ParsedMessage multi = android("Sam: one", "two <This message was edited>");
        assertThat(multi.text()).isEqualTo("one\ntwo");
        assertThat(android("Sam: a <b>").edited()).isFalse();
    }

    @Test
    void callsCarryTypeAndOutcome() {
        ParsedMessage v = android("Ana: Missed video call");
        assertThat(v.details()).containsEntry("callType", "video").containsEntry("missed", "true");
        ParsedMessage i = ios("Ana: " + LRM + "Voice call, " + LRM + "12 min");
        assertThat(i.kind()).isEqualTo(Kind.CALL);
        assertThat(i.details()).containsEntry("callType", "voice").containsEntry("missed", "false").containsEntry("duration", "12 min");
    }

    @Test
    void viewOnceForms() {
        assertThat(android("Ana: null").details()).containsEntry("form", "null");
        assertThat(android("Carol:").details()).containsEntry("form", "empty");
        assertThat(ios("Ana: " + LRM + "You received a view once message. For added privacy, you can only open it on your phone.")
                .details()).containsEntry("form", "notice");
    }

    static Stream<Arguments> encryption() {
        return Stream.of(
                "Messages to this group are now secured with end-to-end encryption. Tap for more info.",
                "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
                "Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them. Learn more.",
                "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie lesen.",
                "As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta.",
                "Les messages et les appels sont chiffrés de bout en bout.",
                "Los mensajes y las llamadas están cifrados de extremo a extremo.",
                "Berichten en oproepen worden end-to-end versleuteld.").map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("encryption")
    void encryptionNoticesWithoutAndWithALabel(String notice) {
        ParsedMessage a = android(notice);
        assertThat(a.kind()).isEqualTo(Kind.ENCRYPTION_NOTICE);
        assertThat(a.author()).isNull();
        assertThat(a.authorKey()).isNull();
        ParsedMessage i = parse(crlf(LRM + I + "My Group Name: " + LRM + notice)).only();
        assertThat(i.kind()).isEqualTo(Kind.ENCRYPTION_NOTICE);
        assertThat(i.author()).isNull();
        assertThat(i.details()).containsEntry("label", "My Group Name");
        assertThat(i.text()).isEqualTo(notice);
    }

    static Stream<Arguments> systemNotices() {
        return Stream.of(
                Arguments.of("Your security code with Elon changed. Tap to learn more.", "security_code_changed"),
                Arguments.of("Elon changed their phone number to a new number. Tap to message or add the new number.", "number_changed"),
                Arguments.of("+49 151 1234567 changed to +49 160 7654321", "number_changed"),
                Arguments.of("Boris created group \"Trip: Rome\"", "group_created"),
                Arguments.of("You created group \"Family\"", "group_created"),
                Arguments.of("Boris added you", "member_added"), Arguments.of("Boris added Ana", "member_added"),
                Arguments.of("You removed Ana", "member_removed"), Arguments.of("Ana left", "member_left"),
                Arguments.of("Ana joined using this group's invite link", "joined"),
                Arguments.of("Boris changed the subject from \"A\" to \"B: the sequel\"", "subject_changed"),
                Arguments.of("Boris changed this group's icon", "icon_changed"),
                Arguments.of("Boris changed the group description", "description_changed"),
                Arguments.of("Boris changed this group's settings to allow only admins to send messages to this group", "settings_changed"),
                Arguments.of("You're now an admin", "admin"),
                Arguments.of("Boris updated the message timer. New messages will disappear from this chat 7 days after they're sent.", "disappearing_messages"),
                Arguments.of("Boris turned off disappearing messages.", "disappearing_messages"),
                Arguments.of("Deine Sicherheitsnummer für Elon hat sich geändert.", "security_code_changed"),
                Arguments.of("Du hast die Gruppe \"Familie\" erstellt.", "group_created"),
                Arguments.of("Иван добавил(-а) контакт Ольга", "member_added"),
                Arguments.of("Something WhatsApp will write next year", "other"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("systemNotices")
    void systemNoticesHaveASubtypeAndNoAuthor(String notice, String subtype) {
        ParsedMessage a = android(notice);
        assertThat(a.kind()).isEqualTo(Kind.SYSTEM);
        assertThat(a.details()).containsEntry("subtype", subtype);
        assertThat(a.author()).isNull();
        assertThat(a.text()).isEqualTo(notice);
        if (!subtype.equals("other")) {
            // newer iOS: the actor or the group as an author-like label, LRM before the notice
            ParsedMessage i = parse(crlf(LRM + I + "Boris: " + LRM + notice)).only();
            assertThat(i.kind()).isEqualTo(Kind.SYSTEM);
            assertThat(i.details()).containsEntry("subtype", subtype).containsEntry("label", "Boris");
            assertThat(i.author()).isNull();
        }
    }

    @Test
    void typedTextThatReadsLikeANoticeIsStillText() {
        assertThat(android("Bob: I left early").kind()).isEqualTo(Kind.TEXT);
        assertThat(android("Bob: Ana added the photos").kind()).isEqualTo(Kind.TEXT);
    }

    @Test
    void authorsAsWritten() {
        assertThat(android("John-John Doe: hi").author()).isEqualTo("John-John Doe");
        assertThat(android("John Doe \uD83E\uDD13: hi").author()).isEqualTo("John Doe \uD83E\uDD13");
        assertThat(android(":abdullahSams:: hi").author()).isEqualTo(":abdullahSams:");
        ParsedMessage trailing = android("John Doe : msg");
        assertThat(trailing.author()).isEqualTo("John Doe");
        assertThat(trailing.authorKey()).isEqualTo("John Doe");
        ParsedMessage phone = android("+1 (777) 777\u20117777: hi");
        assertThat(phone.authorKey()).isEqualTo("+17777777777");
        ParsedMessage wrapped = ios("\u202A+40 521 028 62 18\u202C: hi");
        assertThat(wrapped.author()).isEqualTo("+40 521 028 62 18");
        assertThat(wrapped.authorKey()).isEqualTo("+40521028 6218".replace(" ", ""));
        ParsedMessage tilde = ios("~\u00A0Carolina: hi");
        assertThat(tilde.author()).isEqualTo("~ Carolina");
        assertThat(tilde.authorKey()).isEqualTo("Carolina");
        assertThat(android("~: hm").author()).isEqualTo("~");
        assertThat(android("Bob: time is 10:30: late").text()).isEqualTo("time is 10:30: late");
    }

    @Test
    void emptyAndDotBodies() {
        assertThat(android("John Doe:.").text()).isEqualTo(".");
        assertThat(android("John Doe:.").kind()).isEqualTo(Kind.TEXT);
    }

    @Test
    void formattingAndLinksPassThrough() {
        ParsedMessage m = android("Zoe: *bold* _it_ ~st~ ```mono``` https://example.com/x?y=1");
        assertThat(m.kind()).isEqualTo(Kind.TEXT);
        assertThat(m.text()).isEqualTo("*bold* _it_ ~st~ ```mono``` https://example.com/x?y=1");
        assertThat(m.details()).isEqualTo(Map.of());
    }
}

package app.cloak.archives.internal.parse;

import static app.cloak.archives.internal.parse.ExportFixtures.crlf;
import static app.cloak.archives.internal.parse.ExportFixtures.lf;
import static app.cloak.archives.internal.parse.ExportFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Polls in other languages (the notes show only the English "POLL:"/"OPTION:" block: the translations here are
 * WhatsApp's words as far as we know them, plus the structural rule for words we do not know) and system-notice
 * subtypes beyond the first set; invented lines.
 */
class PollsAndNoticesTest {
    private static final String A = "12/07/2021, 10:00 - ";
    private static final String I = "[18/07/2021, 10:00:00] ";
    private static final String LRM = "\u200E";

    static Stream<Arguments> polls() {
        return Stream.of(
                Arguments.of("en", "POLL:", "Where?", "OPTION", "votes", "vote"),
                Arguments.of("de", "UMFRAGE:", "Wohin?", "OPTION", "Stimmen", "Stimme"),
                Arguments.of("es", "ENCUESTA:", "¿Dónde?", "OPCIÓN", "votos", "voto"),
                Arguments.of("pt", "ENQUETE:", "Onde?", "OPÇÃO", "votos", "voto"),
                Arguments.of("fr with a space before the colon", "SONDAGE :", "Où ?", "OPTION", "votes", "vote"),
                Arguments.of("it", "SONDAGGIO:", "Dove?", "OPZIONE", "voti", "voto"),
                Arguments.of("nl", "PEILING:", "Waar?", "OPTIE", "stemmen", "stem"),
                Arguments.of("ru", "ОПРОС:", "Куда?", "ВАРИАНТ", "голоса", "голос"),
                Arguments.of("tr", "ANKET:", "Nereye?", "SEÇENEK", "oy", "oy"),
                Arguments.of("a language the table lacks (structure only)", "KYSELY:", "Minne?", "VAIHTOEHTO", "ääntä", "ääni"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("polls")
    void pollsInTheirLanguages(String lang, String heading, String question, String option, String votes, String vote) {
        String body = LRM + heading + "\n" + question + "\n" + LRM + option + ": Pizza (3 " + votes + ")\n" + LRM + option + ": Sushi (1 "
                + vote + ")\n" + LRM + option + ": Tacos (0 " + votes + ")\n";
        ExportFixtures.Parsed p = parse(crlf(I + "Lea: " + body, I + "Max: ok"));
        ParsedMessage m = p.get(0);
        assertThat(m.kind()).isEqualTo(Kind.POLL);
        assertThat(m.details()).containsEntry("question", question).containsEntry("options", "[\"Pizza\",\"Sushi\",\"Tacos\"]")
                .containsEntry("votes", "[3,1,0]");
        assertThat(p.get(1).kind()).isEqualTo(Kind.TEXT);
        ParsedMessage android = parse(lf(A + "Lea: " + heading, question, option + ": Ja (2 " + votes + ")", option + ": Nein (1 " + vote + ")")).only();
        assertThat(android.kind()).isEqualTo(Kind.POLL);
        assertThat(android.details()).containsEntry("votes", "[2,1]");
    }

    @Test
    void typedTextWithAHeadingIsNotAPoll() {
        assertThat(parse(lf(A + "Lea: Shopping:", "milk", "EGGS: 6 (big ones)")).only().kind()).isEqualTo(Kind.TEXT);
        assertThat(parse(lf(A + "Lea: NOTE:", "bring food", "ITEM: eggs (2 pcs)", "and more text")).only().kind()).isEqualTo(Kind.TEXT);
        assertThat(parse(lf(A + "Lea: TODO:", "call mum")).only().kind()).isEqualTo(Kind.TEXT);
        assertThat(parse(lf(A + "Lea: NOTE:", "bring food", "item: eggs (2 pcs)")).only().kind()).isEqualTo(Kind.TEXT);
    }

    @Test
    void anOptionWithBracketsInItsTextKeepsThem() {
        ParsedMessage m = parse(lf(A + "Lea: POLL:", "Room?", "OPTION: Room (2) upstairs (4 votes)", "OPTION: Hall (0 votes)")).only();
        assertThat(m.details()).containsEntry("options", "[\"Room (2) upstairs\",\"Hall\"]").containsEntry("votes", "[4,0]");
    }

    static Stream<Arguments> notices() {
        return Stream.of(
                // subtypes added: invite link reset, admin approval, community, unpin, on/off state
                Arguments.of("Boris reset this group's invite link", "invite_link_reset", null),
                Arguments.of("Boris turned on admin approval to join this group", "join_approval", "on"),
                Arguments.of("Boris turned off admin approval to join this group", "join_approval", "off"),
                Arguments.of("Ana requested to join", "join_approval", null),
                Arguments.of("Boris added this group to the community \"Parents\"", "community", null),
                Arguments.of("Boris removed this group from the community \"Parents\"", "community", null),
                Arguments.of("Boris created community \"Parents\"", "community", null),
                Arguments.of("Ana joined from the community", "joined", null),
                Arguments.of("Boris unpinned a message", "pinned", null),
                Arguments.of("Boris pinned a message", "pinned", null),
                Arguments.of("Boris turned off disappearing messages.", "disappearing_messages", "off"),
                Arguments.of("Boris turned on disappearing messages. New messages will disappear from this chat 7 days after they're sent.",
                        "disappearing_messages", "on"),
                Arguments.of("Boris updated the message timer. New messages will disappear from this chat 24 hours after they're sent.",
                        "disappearing_messages", "on"),
                Arguments.of("You're no longer an admin", "admin", null),
                Arguments.of("Boris changed the group name from \"A\" to \"B\"", "subject_changed", null),
                Arguments.of("Boris deleted this group's icon", "icon_changed", null),
                Arguments.of("You blocked this contact. Tap to unblock.", "blocked", null),
                // the notes' languages beyond en/de/ru
                Arguments.of("Boris ha aggiunto Ana", "member_added", null),
                Arguments.of("Boris ha rimosso Ana", "member_removed", null),
                Arguments.of("Ana è uscito", "member_left", null),
                Arguments.of("Boris ha creato il gruppo \"Famiglia\"", "group_created", null),
                Arguments.of("Boris ha cambiato l'immagine del gruppo", "icon_changed", null),
                Arguments.of("Il tuo codice di sicurezza con Elon è cambiato.", "security_code_changed", null),
                Arguments.of("Boris, Ana'yı ekledi", "member_added", null),
                Arguments.of("Ana ayrıldı", "member_left", null),
                Arguments.of("Boris \"Aile\" grubunu oluşturdu", "group_created", null),
                Arguments.of("Иван удалил(-а) Ольга", "member_removed", null),
                Arguments.of("Ольга вышел(-а)", "member_left", null),
                Arguments.of("Иван изменил(-а) тему с \"А\" на \"Б\"", "subject_changed", null),
                Arguments.of("Иван изменил(-а) описание группы", "description_changed", null),
                Arguments.of("Petr přidal(a) Jana", "member_added", null),
                Arguments.of("Jana odešla", "member_left", null),
                Arguments.of("Petr vytvořil(a) skupinu \"Rodina\"", "group_created", null),
                Arguments.of("Boris a ajouté Ana", "member_added", null),
                Arguments.of("Votre code de sécurité avec Elon a changé.", "security_code_changed", null),
                Arguments.of("Boris heeft de groepsinstellingen gewijzigd", "settings_changed", null),
                Arguments.of("Boris heeft verdwijnende berichten uitgeschakeld.", "disappearing_messages", "off"),
                Arguments.of("Je beveiligingscode met Elon is gewijzigd.", "security_code_changed", null));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("notices")
    void noticesHaveTheirSubtype(String notice, String subtype, String state) {
        ParsedMessage a = parse(lf(A + notice)).only();
        assertThat(a.kind()).isEqualTo(Kind.SYSTEM);
        assertThat(a.details()).containsEntry("subtype", subtype);
        if (state == null) assertThat(a.details()).doesNotContainKey("state");
        else assertThat(a.details()).containsEntry("state", state);
        assertThat(a.author()).isNull();
        ParsedMessage i = parse(crlf(LRM + I + "Boris: " + LRM + notice)).only();
        assertThat(i.kind()).isEqualTo(Kind.SYSTEM);
        assertThat(i.details()).containsEntry("subtype", subtype).containsEntry("label", "Boris");
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource({"notices", "app.cloak.archives.internal.parse.MessageKindsTest#systemNotices"})
    void theTrigramFilterNeverSkipsARuleThatMatches(String notice, String subtype) {
        String lower = MatchingCopy.normalise(notice).toLowerCase(java.util.Locale.ROOT);
        long candidates = ExportPhrases.candidateRules(lower);
        for (int i = 0; i < ExportPhrases.SYSTEM.size(); i++) {
            if (ExportPhrases.SYSTEM.get(i).pattern().matcher(lower).find()) {
                assertThat(candidates & (1L << i)).as(ExportPhrases.SYSTEM.get(i).subtype()).isNotZero();
            }
        }
    }

    @Test
    void headerWithAColonCloseAndANoticeWithoutAuthor() {
        // notes §2.3: "15/08/2023 18:16: As mensagens…" (": " as the header separator)
        ExportFixtures.Parsed p = parse(lf("15/08/2023 18:16: As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta.",
                "15/08/2023 18:17: Ana: oi"));
        assertThat(p.get(0).kind()).isEqualTo(Kind.ENCRYPTION_NOTICE);
        assertThat(p.get(0).author()).isNull();
        assertThat(p.get(1).author()).isEqualTo("Ana");
        assertThat(p.get(1).text()).isEqualTo("oi");
    }
}

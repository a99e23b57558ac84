package app.cloak.search.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.search.internal.BlindTokens;
import app.cloak.search.internal.SearchFixtures;
import app.cloak.search.internal.SearchIndex;
import app.cloak.testing.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link SearchIndex} adapter must do; each adapter's test class implements this. */
interface SearchIndexContract {
    BlindTokens TOKENS = SearchFixtures.tokens();

    TestDatabase db();

    SearchIndex index();

    /** Every value stored by the index (rows of its tables, blobs as Latin-1), for the plaintext check. */
    String rawIndexContents();

    private static String id(String prefix) {
        return prefix + "_" + UUID.randomUUID();
    }

    private void put(String messageId, String chatId, String text) {
        db().tx().executeWithoutResult(s -> index().put(messageId, chatId, TOKENS.of(text)));
    }

    private List<String> find(List<String> chatIds, String query) {
        return index().find(chatIds, TOKENS.of(query), 20);
    }

    @Test
    default void findsAMessageByAnyFormOfItsWords() {
        String chat = id("c");
        String m = id("m");
        put(m, chat, "I love Running in the park near the Café");
        assertThat(find(List.of(chat), "run")).containsExactly(m);
        assertThat(find(List.of(chat), "RUNS")).containsExactly(m);
        assertThat(find(List.of(chat), "cafe")).containsExactly(m);
        assertThat(find(List.of(chat), "swim")).isEmpty();
    }

    @Test
    default void tellsWhichMessagesItHolds() {
        String chat = id("c");
        String held = id("m"), removed = id("m"), wordless = id("m"), never = id("m");
        put(held, chat, "kept");
        put(removed, chat, "taken out");
        put(wordless, chat, "!!!");
        db().tx().executeWithoutResult(s -> index().remove(List.of(removed)));
        assertThat(index().indexed(List.of(held, removed, wordless, never))).containsExactly(held);
        assertThat(index().indexed(List.of())).isEmpty();
    }

    /** A batch of sends: new messages of several chats written at once, each findable in its own chat only. */
    @Test
    default void addsNewMessagesOfManyChatsAtOnce() {
        String first = id("c"), second = id("c");
        String a = id("m"), b = id("m"), c = id("m"), wordless = id("m");
        db().tx().executeWithoutResult(s -> index().addAllNew(List.of(
                index().prepareNew(first, java.util.Map.of(a, TOKENS.of("apricot jam"))),
                index().prepareNew(second, java.util.Map.of(b, TOKENS.of("apricot tart"))),
                index().prepareNew(first, java.util.Map.of(c, TOKENS.of("plum jam jam"), wordless, List.of())))));
        assertThat(find(List.of(first), "apricot")).containsExactly(a);
        assertThat(find(List.of(second), "apricot")).containsExactly(b);
        assertThat(find(List.of(first, second), "jam")).containsExactly(c, a);
        assertThat(index().indexed(List.of(a, b, c, wordless))).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    default void everyQueryWordMustMatch() {
        String chat = id("c");
        String redApple = id("m"), greenApple = id("m"), redCar = id("m");
        put(redApple, chat, "a red apple");
        put(greenApple, chat, "a green apple");
        put(redCar, chat, "a red car");
        assertThat(find(List.of(chat), "red apples")).containsExactly(redApple);
        assertThat(find(List.of(chat), "apple")).containsExactlyInAnyOrder(redApple, greenApple);
        assertThat(find(List.of(chat), "red green")).isEmpty();
    }

    @Test
    default void ranksTheMessageThatIsMostAboutTheWordFirst() {
        String chat = id("c");
        String passing = id("m"), focused = id("m"), other = id("m");
        put(focused, chat, "budget budget: the budget is due");
        put(passing, chat, "long day, many things to say about lunch and the weather and the trains and also the budget");
        put(other, chat, "nothing relevant here");
        assertThat(find(List.of(chat), "budget")).containsExactly(focused, passing);
    }

    @Test
    default void equalMatchesComeNewestFirst() {
        String chat = id("c");
        String older = id("m"), newer = id("m");
        put(older, chat, "see you at the station");
        put(newer, chat, "see you at the station");
        assertThat(find(List.of(chat), "station")).containsExactly(newer, older);
    }

    @Test
    default void aVeryCommonWordIsRankedAmongItsNewestMatchesOnly() {
        String chat = id("c");
        String focused = id("m");
        put(focused, chat, "budget budget budget");
        db().tx().executeWithoutResult(s -> {
            for (int i = 1; i < SearchIndex.RANKING_WINDOW; i++) {
                index().put(id("m"), chat, TOKENS.of("a long note about lunch, trains, the weather and the budget " + i));
            }
        });
        assertThat(find(List.of(chat), "budget")).as("inside the window it ranks first").startsWith(focused);

        put(id("m"), chat, "one more note about the budget and nothing else at all today");
        assertThat(find(List.of(chat), "budget")).as("now one match too old to be ranked").hasSize(20).doesNotContain(focused);
    }

    @Test
    default void aQueryWordRepeatedInAMessageCountsAndOtherRepeatsDoNot() {
        String chat = id("c");
        String twice = id("m"), once = id("m"), otherRepeat = id("m");
        put(twice, chat, "apple apple red");
        put(otherRepeat, chat, "red apple pie pie");
        put(once, chat, "red apple");
        // (1 + ln tf) summed over the query's words, over 1 + ln(length): 2.69/2.10 > 2/1.69 > 2/2.39
        assertThat(find(List.of(chat), "red apple")).containsExactly(twice, once, otherRepeat);
        put(once, chat, "red red apple apple");
        assertThat(find(List.of(chat), "red apple")).as("an edit's counts replace the old ones").startsWith(once, twice);
    }

    @Test
    default void theWindowIsTheNewestMatchesAcrossTheCallersChats() {
        String quiet = id("c"), busy = id("c");
        String focused = id("m");
        put(focused, quiet, "budget budget budget");
        db().tx().executeWithoutResult(s -> {
            for (int i = 0; i < SearchIndex.RANKING_WINDOW; i++) {
                index().put(id("m"), busy, TOKENS.of("a long note about lunch, trains, the weather and the budget " + i));
            }
        });
        assertThat(find(List.of(quiet, busy), "budget")).as("200 newer matches in the other chat").hasSize(20).doesNotContain(focused);
        assertThat(find(List.of(quiet), "budget")).as("its own chat alone").containsExactly(focused);
    }

    @Test
    default void onlyTheGivenChatsAreSearched() {
        String mine = id("c"), theirs = id("c"), alsoMine = id("c");
        String inMine = id("m"), inTheirs = id("m"), inAlsoMine = id("m");
        put(inMine, mine, "secret plan");
        put(inTheirs, theirs, "secret plan");
        put(inAlsoMine, alsoMine, "the plan is secret");
        assertThat(find(List.of(mine), "plan")).containsExactly(inMine);
        assertThat(find(List.of(mine, alsoMine), "secret plan")).containsExactlyInAnyOrder(inMine, inAlsoMine);
        assertThat(find(List.of(), "plan")).isEmpty();
        assertThat(index().find(List.of(mine), List.of(), 20)).isEmpty();
    }

    @Test
    default void aCallerInThousandsOfChatsIsServed() {
        List<String> chats = new java.util.ArrayList<>();
        for (int i = 0; i < 3_000; i++) chats.add(id("c"));
        String m = id("m");
        put(m, chats.get(2_345), "needle in a haystack");
        put(id("m"), id("c"), "needle elsewhere");
        assertThat(find(chats, "needle")).containsExactly(m);
    }

    @Test
    default void manyMessagesOfAnImportAreIndexedInOneCall() {
        String chat = id("c");
        java.util.Map<String, List<String>> docs = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 1_100; i++) docs.put("m_bulk_" + chat + "_" + i, TOKENS.of(i % 100 == 0 ? "walrus number " + i : "plain text " + i));
        docs.put("m_bulk_" + chat + "_empty", List.of());
        db().tx().executeWithoutResult(s -> index().addNew(index().prepareNew(chat, docs)));
        assertThat(find(List.of(chat), "walrus")).hasSize(11);
        assertThat(find(List.of(chat), "plain text 7")).containsExactly("m_bulk_" + chat + "_7");
        assertThat(find(List.of(id("c")), "walrus")).isEmpty();
    }

    @Test
    default void anImportOfLongMessagesIsIndexedInBulkNewestLast() {
        String chat = id("c");
        java.util.Map<String, List<String>> docs = new java.util.LinkedHashMap<>();
        List<String> words = new java.util.ArrayList<>();
        for (int j = 0; j < 150; j++) words.add("tlong" + j);
        for (int i = 0; i < 600; i++) docs.put("m_long_" + chat + "_" + i, words); // 90,000 postings in all
        db().tx().executeWithoutResult(s -> index().addNew(index().prepareNew(chat, docs)));
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 599; i > 579; i--) expected.add("m_long_" + chat + "_" + i);
        assertThat(index().find(List.of(chat), List.of("tlong7", "tlong149"), 20)).as("equal scores: the batch's last first")
                .containsExactlyElementsOf(expected);
    }

    @Test
    default void removedMessagesAreNotFound() {
        String chat = id("c");
        String gone = id("m"), kept = id("m");
        put(gone, chat, "the parcel arrived");
        put(kept, chat, "parcel tracking");
        db().tx().executeWithoutResult(s -> index().remove(List.of(gone, "m_unknown")));
        assertThat(find(List.of(chat), "parcel")).containsExactly(kept);
        db().tx().executeWithoutResult(s -> index().remove(List.of()));
    }

    @Test
    default void anEditReplacesTheIndexedWordsAndKeepsThePlace() {
        String chat = id("c");
        String edited = id("m"), later = id("m");
        put(edited, chat, "meet at the bakery");
        put(later, chat, "the library opens at nine");
        put(edited, chat, "meet at the library");
        assertThat(find(List.of(chat), "bakery")).isEmpty();
        assertThat(find(List.of(chat), "meet library")).containsExactly(edited);
        // Same score for "library": recency is the send order, not the edit time.
        assertThat(find(List.of(chat), "library")).contains(edited, later);
        put(edited, chat, "");
        assertThat(find(List.of(chat), "meet")).isEmpty();
    }

    @Test
    default void aRolledBackMessageLeavesNoIndexEntry() {
        String chat = id("c");
        String m = id("m");
        db().tx().executeWithoutResult(s -> {
            index().put(m, chat, TOKENS.of("rollback candidate"));
            s.setRollbackOnly();
        });
        assertThat(find(List.of(chat), "candidate")).isEmpty();
    }

    @Test
    default void limitCapsTheHits() {
        String chat = id("c");
        for (int i = 0; i < 30; i++) put(id("m"), chat, "ping number " + i);
        assertThat(index().find(List.of(chat), TOKENS.of("ping"), 7)).hasSize(7);
        assertThat(index().find(List.of(chat), TOKENS.of("ping"), 50)).hasSize(30);
    }

    @Test
    default void theStoredIndexHoldsNoPlaintext() {
        String chat = id("c");
        String text = "Zanzibar xylophones quietly";
        List<String> tokens = TOKENS.of(text);
        put(id("m"), chat, text);
        String raw = rawIndexContents().toLowerCase();
        for (String word : List.of("zanzibar", "xylophon", "quiet")) assertThat(raw).doesNotContain(word);
        // The check reads real index data: the (possibly prefix-compressed) blind tokens are in there.
        for (String token : tokens) assertThat(raw).contains(token.substring(9));
    }
}

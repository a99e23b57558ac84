package app.cloak.search.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import app.cloak.chats.ChatsApi;
import app.cloak.messaging.Message;
import app.cloak.messaging.MessagingApi;
import app.cloak.search.internal.jdbc.SearchIndexConfiguration;
import app.cloak.shared.ApiProblem;
import app.cloak.testing.TestDatabase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service over a real SQLite index, with chats and messaging standing in. */
class SearchServiceTest {
    static final TestDatabase DB = TestDatabase.sqlite();

    final BlindTokens tokens = SearchFixtures.tokens();
    final SearchIndex index = SearchIndexConfiguration.of(DB.dialect(), DB.jdbc());
    final ChatsApi chats = mock(ChatsApi.class);
    final MessagingApi messaging = mock(MessagingApi.class);
    final SearchService search = new SearchService(index, tokens, new Snippets(tokens.analysis()), chats, messaging);
    final Map<String, Message> messages = new HashMap<>();

    @AfterAll
    static void close() {
        DB.close();
    }

    @BeforeEach
    void aliceIsInTwoChatsBobInAnother() {
        when(chats.chatIdsOf("alice")).thenReturn(List.of("c_a1", "c_a2"));
        when(chats.isMember("c_a1", "alice")).thenReturn(true);
        when(chats.isMember("c_bob", "alice")).thenReturn(false);
        // Messaging's own filter: only messages in the chats handed over (search passes alice's, looked up once);
        // the order asked for is kept.
        when(messaging.visibleIn(eq("alice"), anyCollection(), anyList())).thenAnswer(call -> {
            java.util.Collection<String> chatIds = call.getArgument(1);
            List<String> ids = call.getArgument(2);
            return ids.stream().map(messages::get).filter(m -> m != null && chatIds.contains(m.chatId())).toList();
        });
    }

    private String send(String chatId, String text) {
        String id = "m_" + java.util.UUID.randomUUID();
        // A mock, not the record's constructor: Message grows fields as messaging does, search reads four.
        Message m = mock(Message.class);
        when(m.messageId()).thenReturn(id);
        when(m.chatId()).thenReturn(chatId);
        when(m.text()).thenReturn(text);
        when(m.deleted()).thenReturn(false);
        messages.put(id, m);
        index.put(id, chatId, tokens.of(text));
        return id;
    }

    @Test
    void findsAcrossTheCallersChatsWithHighlightedSnippets() {
        String one = send("c_a1", "Running <late> for the kickoff");
        String two = send("c_a2", "kickoff moved to 3pm");
        send("c_bob", "kickoff secret in bob's chat");
        var hits = search.search("alice", "KICKOFF", null, null);
        assertThat(hits).extracting(h -> h.message().messageId()).containsExactlyInAnyOrder(one, two);
        assertThat(hits).filteredOn(h -> h.message().messageId().equals(one)).singleElement()
                .extracting(SearchService.Hit::snippet).isEqualTo("Running &lt;late&gt; for the <mark>kickoff</mark>");
    }

    @Test
    void theCallersChatsAreLookedUpOncePerSearch() {
        send("c_a1", "standup notes");
        assertThat(search.search("alice", "standup", null, null)).hasSize(1);
        org.mockito.Mockito.verify(chats, org.mockito.Mockito.times(1)).chatIdsOf("alice");
        org.mockito.Mockito.verify(messaging).visibleIn(eq("alice"), eq(List.of("c_a1", "c_a2")), anyList());
        org.mockito.Mockito.verify(messaging, org.mockito.Mockito.never()).visibleTo(org.mockito.ArgumentMatchers.any(), anyList());
    }

    @Test
    void oneChatOnlyWhenAsked() {
        String inA1 = send("c_a1", "quarterly numbers");
        send("c_a2", "quarterly numbers");
        assertThat(search.search("alice", "quarterly", "c_a1", null)).extracting(h -> h.message().messageId()).containsExactly(inA1);
    }

    @Test
    void aChatTheCallerIsNotInIsNotFound() {
        send("c_bob", "hidden words");
        assertThatThrownBy(() -> search.search("alice", "hidden", "c_bob", null))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(404);
                    assertThat(p.code()).isEqualTo("not_found");
                });
        assertThatThrownBy(() -> search.search("alice", "hidden", "c_nonexistent", null))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("not_found"));
    }

    @Test
    void hitsMessagingHidesAreLeftOut() {
        String gone = send("c_a1", "vanishing message");
        messages.put(gone, null); // e.g. deleted for this user: messaging returns nothing for it
        assertThat(search.search("alice", "vanishing", null, null)).isEmpty();
    }

    @Test
    void queriesAreValidated() {
        assertThatThrownBy(() -> search.search("alice", "  ", null, null))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("missing_field"));
        assertThatThrownBy(() -> search.search("alice", null, null, null))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("missing_field"));
        assertThatThrownBy(() -> search.search("alice", "x".repeat(257), null, null))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("field_too_long"));
        assertThat(search.search("alice", "x".repeat(256), null, null)).isEmpty();
        assertThat(search.search("alice", "?!… --", null, null)).isEmpty();
    }

    @Test
    void limitIsHonouredAndCapped() {
        for (int i = 0; i < 60; i++) send("c_a2", "standup notes " + i);
        assertThat(search.search("alice", "standup", null, 5)).hasSize(5);
        assertThat(search.search("alice", "standup", null, null)).hasSize(SearchService.DEFAULT_LIMIT);
        assertThat(search.search("alice", "standup", null, 500)).hasSize(SearchService.MAX_LIMIT);
    }
}

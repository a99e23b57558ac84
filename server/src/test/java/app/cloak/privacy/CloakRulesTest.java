package app.cloak.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cloak.privacy.CloakRules.ReadState;
import org.junit.jupiter.api.Test;

class CloakRulesTest {

    @Test
    void theChatOverrideWinsOverTheDefault() {
        assertThat(CloakRules.cloaked(true, null)).isTrue();
        assertThat(CloakRules.cloaked(false, null)).isFalse();
        assertThat(CloakRules.cloaked(true, false)).isFalse();
        assertThat(CloakRules.cloaked(false, true)).isTrue();
    }

    @Test
    void aCloakedReadMovesOnlyThePrivateWatermark() {
        var s = CloakRules.read(new ReadState(3, 3), true, 10);
        assertThat(s).isEqualTo(new ReadState(3, 10));
        assertThat(s.hidden()).isEqualTo(7);
    }

    @Test
    void anOpenReadMovesBothAndNeverBackwards() {
        assertThat(CloakRules.read(new ReadState(3, 8), false, 10)).isEqualTo(new ReadState(10, 10));
        assertThat(CloakRules.read(new ReadState(3, 8), false, 5)).isEqualTo(new ReadState(5, 8));
        assertThat(CloakRules.read(new ReadState(6, 8), false, 2)).isEqualTo(new ReadState(6, 8));
    }

    @Test
    void revealAllShowsWhatWasReadPrivatelyAndRevealUpToAlsoReads() {
        assertThat(CloakRules.reveal(new ReadState(3, 10), null)).isEqualTo(new ReadState(10, 10));
        assertThat(CloakRules.reveal(new ReadState(3, 10), 6L)).isEqualTo(new ReadState(6, 10));
        assertThat(CloakRules.reveal(new ReadState(3, 10), 12L)).isEqualTo(new ReadState(12, 12));
        assertThat(CloakRules.reveal(new ReadState(8, 10), 5L)).isEqualTo(new ReadState(8, 10));
    }

    @Test
    void turningCloakOffKeepsTheHiddenReadsHiddenUnlessAsked() {
        assertThat(CloakRules.turnOff(new ReadState(3, 10), false)).isEqualTo(new ReadState(3, 10));
        assertThat(CloakRules.turnOff(new ReadState(3, 10), true)).isEqualTo(new ReadState(10, 10));
    }

    @Test
    void typingShowsOnlyWhenAllowedAndNotCloaked() {
        assertThat(CloakRules.mayShowTyping(true, false)).isTrue();
        assertThat(CloakRules.mayShowTyping(true, true)).isFalse();
        assertThat(CloakRules.mayShowTyping(false, false)).isFalse();
    }

    @Test
    void aStateNeverShowsMorePubliclyThanWasRead() {
        assertThatThrownBy(() -> new ReadState(5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReadState(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}

package app.cloak.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.privacy.CloakRules.ReadState;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of what a user does — reads on any device, reveals (now, scheduled firing later),
 * cloak switched on and off (revealing or not), devices connecting — run through the rules. Whatever
 * the order, what others see never moves backwards, never passes what the user has read, and while
 * the chat is cloaked never passes the last reveal.
 */
class CloakRulesPropertiesTest {
    sealed interface Step permits Read, RevealNow, RevealAll, CloakOn, CloakOff, ScheduleReveal, FireScheduled, Connect {}
    record Read(int device, long upTo) implements Step {}
    record RevealNow(long upTo) implements Step {}
    record RevealAll() implements Step {}
    record CloakOn() implements Step {}
    record CloakOff(boolean revealHidden) implements Step {}
    record ScheduleReveal(Long upTo) implements Step {}
    record FireScheduled() implements Step {}
    record Connect(int device) implements Step {}

    @Property(tries = 2000)
    void othersNeverSeeMoreThanWasRevealedAndNothingMovesBack(@ForAll("days") List<Step> steps, @ForAll boolean cloakedAtStart) {
        ReadState state = ReadState.NONE;
        boolean cloaked = cloakedAtStart;
        long revealedUpTo = 0;                 // the highest public watermark the user has allowed
        Long scheduled = null;
        boolean hasScheduled = false;
        for (Step step : steps) {
            ReadState before = state;
            switch (step) {
                case Read r -> state = CloakRules.read(state, cloaked, r.upTo());
                case RevealNow r -> state = CloakRules.reveal(state, r.upTo());
                case RevealAll r -> state = CloakRules.reveal(state, null);
                case CloakOn c -> cloaked = true;
                case CloakOff c -> {
                    state = CloakRules.turnOff(state, c.revealHidden());
                    cloaked = false;
                }
                case ScheduleReveal s -> {
                    scheduled = s.upTo();
                    hasScheduled = true;
                }
                case FireScheduled f -> {
                    if (hasScheduled) state = CloakRules.reveal(state, scheduled);
                    hasScheduled = false;
                }
                case Connect c -> { }              // connecting a device changes no watermark
            }
            if (!cloaked || step instanceof RevealNow || step instanceof RevealAll || step instanceof FireScheduled
                    || step instanceof CloakOff) {
                revealedUpTo = Math.max(revealedUpTo, state.publicRead());
            }
            assertThat(state.publicRead()).as("public never moves backwards").isGreaterThanOrEqualTo(before.publicRead());
            assertThat(state.privateRead()).as("private never moves backwards").isGreaterThanOrEqualTo(before.privateRead());
            assertThat(state.publicRead()).as("others never see more than was read").isLessThanOrEqualTo(state.privateRead());
            if (cloaked) {
                assertThat(state.publicRead()).as("while cloaked, others see no more than the last reveal").isLessThanOrEqualTo(revealedUpTo);
            }
            if (step instanceof Read || step instanceof Connect || step instanceof CloakOn || step instanceof ScheduleReveal) {
                if (cloaked) assertThat(state.publicRead()).as("a cloaked read or a connection reveals nothing").isEqualTo(before.publicRead());
            }
        }
    }

    @Provide
    Arbitrary<List<Step>> days() {
        Arbitrary<Long> seq = Arbitraries.longs().between(1, 200);
        Arbitrary<Step> step = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 3).flatMap(d -> seq.map(s -> (Step) new Read(d, s))),
                seq.map(s -> (Step) new RevealNow(s)),
                Arbitraries.just(new RevealAll()),
                Arbitraries.just(new CloakOn()),
                Arbitraries.of(true, false).map(b -> (Step) new CloakOff(b)),
                seq.injectNull(0.3).map(s -> (Step) new ScheduleReveal(s)),
                Arbitraries.just(new FireScheduled()),
                Arbitraries.integers().between(1, 3).map(d -> (Step) new Connect(d)));
        return step.list().ofMinSize(1).ofMaxSize(60);
    }
}

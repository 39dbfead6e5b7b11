package fr.intrascol.sync.app.axon;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What "the read model has processed event i" means for a token ({@link ProjectionPositions#covers}). */
class ProjectionPositionsTest {

    @Test
    void an_event_is_processed_when_the_token_is_at_or_past_it_and_it_is_not_a_gap() {
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(10, Set.of(4L, 7L));
        assertThat(ProjectionPositions.covers(token, 10)).isTrue();
        assertThat(ProjectionPositions.covers(token, 8)).as("past a gap below it").isTrue();
        assertThat(ProjectionPositions.covers(token, 3)).isTrue();
        assertThat(ProjectionPositions.covers(token, 7)).as("a gap: committed late, not read yet").isFalse();
        assertThat(ProjectionPositions.covers(token, 4)).isFalse();
        assertThat(ProjectionPositions.covers(token, 11)).isFalse();
        assertThat(token.position()).as("what position() says of the gap").hasValue(10);
        assertThat(token.covers(GapAwareTrackingToken.newInstance(8, Set.of())))
                .as("why Axon's covers is not used: it also wants no gap below").isFalse();
    }

    @Test
    void no_token_has_processed_nothing_and_a_replay_has_processed_what_it_replayed() {
        assertThat(ProjectionPositions.covers(null, 0)).isFalse();
        GapAwareTrackingToken reset = GapAwareTrackingToken.newInstance(20, Set.of());
        assertThat(ProjectionPositions.covers(ReplayToken.createReplayToken(reset,
                GapAwareTrackingToken.newInstance(5, Set.of(3L))), 5)).isTrue();
        assertThat(ProjectionPositions.covers(ReplayToken.createReplayToken(reset,
                GapAwareTrackingToken.newInstance(5, Set.of(3L))), 3)).isFalse();
        assertThat(ProjectionPositions.covers(ReplayToken.createReplayToken(reset,
                GapAwareTrackingToken.newInstance(5, Set.of())), 12)).isFalse();
        assertThat(ProjectionPositions.covers(new GlobalSequenceTrackingToken(9), 9)).isTrue();
    }
}

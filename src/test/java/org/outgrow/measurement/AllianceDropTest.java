package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A fall of the latest session-feedback rating against the client's own earlier ratings. */
class AllianceDropTest {

    @Test
    void withFewerThanThreeEarlierRatingsThereIsNoDrop() {
        assertThat(AllianceDrop.assess(List.of())).isEqualTo(
                new AllianceDrop(false, AllianceDrop.Rule.TOO_FEW_RATINGS, null, null, null));
        assertThat(AllianceDrop.assess(List.of(9.5, 9.0, 1.0))).isEqualTo(
                new AllianceDrop(false, AllianceDrop.Rule.TOO_FEW_RATINGS, 1.0, null, null));
    }

    @Test
    void aSteadyClientDropsWhenTheLatestIsMoreThanOnePointBelowTheirLevel() {
        AllianceDrop drop = AllianceDrop.assess(List.of(9.0, 9.0, 9.0, 7.75));
        assertThat(drop.dropped()).isTrue();
        assertThat(drop.rule()).isEqualTo(AllianceDrop.Rule.BELOW_OWN_LEVEL);
        assertThat(drop.earlierMean()).isEqualTo(9.0);
        assertThat(drop.dropBelow()).isEqualTo(8.0);

        assertThat(AllianceDrop.assess(List.of(9.0, 9.0, 9.0, 8.0)).dropped()).isFalse();
    }

    @Test
    void ceilingRatingsWobblingByHalfAPointAreNoDrop() {
        assertThat(AllianceDrop.assess(List.of(10.0, 10.0, 9.5, 10.0, 9.25)).rule()).isEqualTo(AllianceDrop.Rule.NO_DROP);
    }

    @Test
    void aClientWhoseRatingsVaryNeedsALargerFall() {
        // mean 8.4, sample SD √4.8 ≈ 2.19: the margin is 1.5 × SD ≈ 3.29, so a drop is below ≈ 5.11
        List<Double> earlier = List.of(10.0, 6.0, 10.0, 6.0, 10.0);
        AllianceDrop seven = AllianceDrop.assess(append(earlier, 7.0));
        assertThat(seven.dropped()).isFalse();
        assertThat(seven.dropBelow()).isCloseTo(8.4 - 1.5 * Math.sqrt(4.8), org.assertj.core.data.Offset.offset(1e-9));

        assertThat(AllianceDrop.assess(append(earlier, 5.0)).rule()).isEqualTo(AllianceDrop.Rule.BELOW_OWN_LEVEL);
    }

    @Test
    void fallingBelowSixAfterAHighLevelIsADropWhateverTheSpread() {
        List<Double> earlier = List.of(10.0, 6.0, 10.0, 6.0, 10.0);
        assertThat(AllianceDrop.assess(append(earlier, 5.5)).rule()).isEqualTo(AllianceDrop.Rule.FELL_FROM_HIGH);
        assertThat(AllianceDrop.assess(append(earlier, 6.0)).rule()).isEqualTo(AllianceDrop.Rule.NO_DROP);
    }

    @Test
    void aLowButSteadyLevelIsTheClientsOwnAndHalfAPointBelowItIsNoDrop() {
        assertThat(AllianceDrop.assess(List.of(5.0, 5.0, 5.0, 4.5)).dropped()).isFalse();
        assertThat(AllianceDrop.assess(List.of(5.0, 5.0, 5.0, 3.5)).dropped()).isTrue();
    }

    @Test
    void aRiseIsNeverADrop() {
        assertThat(AllianceDrop.assess(List.of(4.0, 6.0, 5.0, 10.0)).dropped()).isFalse();
    }

    private static List<Double> append(List<Double> earlier, double latest) {
        List<Double> all = new java.util.ArrayList<>(earlier);
        all.add(latest);
        return all;
    }
}

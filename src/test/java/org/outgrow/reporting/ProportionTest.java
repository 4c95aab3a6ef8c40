package org.outgrow.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Wilson intervals against published worked values, and suppression of small groups. */
class ProportionTest {

    @Test
    void wilsonIntervalsMatchWorkedValues() {
        // Newcombe (1998), Statistics in Medicine 17:857, Table I, method 3 (Wilson score without correction).
        Proportion eightyOne = new Proportion(81, 263);
        assertThat(eightyOne.low()).isCloseTo(0.2553, within(0.0005));
        assertThat(eightyOne.high()).isCloseTo(0.3662, within(0.0005));
        Proportion fifteen = new Proportion(15, 148);
        assertThat(fifteen.low()).isCloseTo(0.0624, within(0.0005));
        assertThat(fifteen.high()).isCloseTo(0.1605, within(0.0005));
        Proportion none = new Proportion(0, 20);
        assertThat(none.low()).isCloseTo(0.0, within(1e-9));
        assertThat(none.high()).isCloseTo(0.1611, within(0.0005));
    }

    @Test
    void groupsUnderFiveShowNoFigures() {
        assertThat(new Proportion(2, 4).suppressed()).isTrue();
        assertThat(new Proportion(2, 4).share()).isNull();
        assertThat(new Mean(List.of(3, 4, 5, 6)).value()).isNull();
        assertThat(new Proportion(2, 5).share()).isEqualTo(0.4);
        assertThat(new Mean(List.of(4, 6, 8, 10, 12)).value()).isEqualTo(8.0);
        assertThat(new Mean(List.of(4, 6, 8, 10, 12)).low()).isCloseTo(8 - 1.959964 * Math.sqrt(10.0 / 5), within(1e-9));
    }
}

package io.github.mp4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The printed numbers must read exactly like the Python suite's, or the two cannot be compared. */
class NumbersTest {

    @Test
    void formatsLikePythonsFmt() {
        assertThat(Numbers.format(538573.14)).isEqualTo("538573");
        assertThat(Numbers.format(1000)).isEqualTo("1000");
        assertThat(Numbers.format(415.72)).isEqualTo("415.7");
        assertThat(Numbers.format(19.307)).isEqualTo("19.31");
        assertThat(Numbers.format(1)).isEqualTo("1.00");
        assertThat(Numbers.format(0.123456)).isEqualTo("0.1235");
        assertThat(Numbers.format(Double.NaN)).isEqualTo("nan");
    }

    @Test
    void roundsTiesLikePythonNotLikeStringFormat() {
        // Python: f"{1002.5:.0f}" == "1002", String.format gives "1003"
        assertThat(Numbers.format(1002.5)).isEqualTo("1002");
        assertThat(Numbers.format(1003.5)).isEqualTo("1004");
        // exact binary ties go to even; 2.675 is really 2.67499..., so it rounds down
        assertThat(Numbers.format(0.03125)).isEqualTo("0.0312");
        assertThat(Numbers.format(100.25)).isEqualTo("100.2");
        assertThat(Numbers.format(2.675)).isEqualTo("2.67");
    }

    @Test
    void medianIsTheMiddleOrTheMeanOfTheTwoMiddles() {
        assertThat(Numbers.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Numbers.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    }
}

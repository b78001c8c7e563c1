package io.github.mp4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The harness must return what children and parent produced, and turn every child failure into an error, never a hang. */
class TimedChildrenTest {

    @Test
    void returnsEachChildsResultAndTheParentWorksResult() throws Exception {
        TimedRun<String> run = TimedChildren.of(() -> 6 * 7, () -> "two")
                .parentWork(() -> "parent")
                .run();

        assertThat(run.childResults()).containsExactlyInAnyOrder(42, "two");
        assertThat(run.parentResult()).isEqualTo("parent");
        assertThat(run.seconds()).isPositive();
    }

    @Test
    void aChildsExceptionFailsTheRunWithItsMessage() {
        assertThatThrownBy(() -> TimedChildren.of(TimedChildrenTest::fail).run())
                .isInstanceOf(CheckFailedException.class)
                .hasMessage("child failed: IllegalStateException: boom");
    }

    @Test
    void aChildThatDiesBeforeReadyFailsTheRunInsteadOfHangingIt() {
        assertThatThrownBy(() -> TimedChildren.of(() -> null).prepare(TimedChildrenTest::exit).run())
                .isInstanceOf(CheckFailedException.class)
                .hasMessageEndingWith("exited with 3");
    }

    private static Object fail() {
        throw new IllegalStateException("boom");
    }

    private static Object exit() {
        Runtime.getRuntime().halt(3);
        return null;
    }
}

package io.reelpipe.feed.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlidingWindowTests {

    private static final long MINUTE = 60_000;
    private final SlidingWindow window = new SlidingWindow(MINUTE);

    @Test
    void aTimeFallsInTheSlotOfItsWindow() {
        assertThat(window.slot(0)).isZero();
        assertThat(window.slot(MINUTE - 1)).isZero();
        assertThat(window.slot(MINUTE)).isEqualTo(1);
        assertThat(window.slot(10 * MINUTE + 5)).isEqualTo(10);
    }

    @ParameterizedTest(name = "{2} of the previous window at {0} ms into the current one weigh {3}")
    @CsvSource({
        "0, 0, 30, 30",      // the whole previous window is still inside a window ending at the boundary
        "1, 0, 30, 30",      // rounded up: a budget spent just before the boundary is still spent just after
        "30000, 0, 30, 15",  // half of it
        "30000, 5, 30, 20",  // plus what the current window spent
        "59999, 0, 30, 1",   // its last millisecond still counts for one unit
        "59999, 7, 0, 7",    // nothing before: the current count alone
    })
    void thePreviousWindowCountsForTheShareStillInsideAWindowEndingNow(long elapsed, long current, long previous,
            long spent) {
        assertThat(window.spent(5 * MINUTE + elapsed, current, previous)).isEqualTo(spent);
    }

    @Test
    void aBurstAcrossABoundaryIsStillOverTheBudget() {
        long boundary = 7 * MINUTE;
        // 30 spent in the last second of one window, 1 more a second into the next: 31 of a budget of 30.
        assertThat(window.spent(boundary + 1_000, 1, 30)).isGreaterThan(30);
    }

    @Test
    void overTheBudgetInTheCurrentWindowTheRetryIsOnceEnoughOfItHasSlidOut() {
        long start = 3 * MINUTE;
        // 31 spent (the refused one included) at 10 s into the window, budget 30, cost 1: in the next window
        // 31 * (1 - g) <= 29 at g >= 2/31 of a minute, so 50 s to the boundary + 3,871 ms.
        long retry = window.retryAfterMillis(start + 10_000, 31, 0, 1, 30);
        assertThat(retry).isEqualTo(50_000 + 3_871);
        assertThat(window.spent(start + 10_000 + retry, 0, 31) + 1).isLessThanOrEqualTo(30);
        assertThat(window.spent(start + 10_000 + retry - 1, 0, 31) + 1).isGreaterThan(30);
    }

    @Test
    void overTheBudgetBecauseOfThePreviousWindowTheRetryIsWithinTheCurrentOne() {
        long now = 3 * MINUTE + 15_000;
        // 10 spent now, 40 before, budget 30, cost 1: 40 * (1 - f) <= 19 at f >= 21/40, i.e. 31.5 s into the window.
        long retry = window.retryAfterMillis(now, 10, 40, 1, 30);
        assertThat(retry).isEqualTo(31_500 - 15_000);
        assertThat(window.spent(now + retry, 11, 40)).isLessThanOrEqualTo(30);
        assertThat(window.spent(now + retry - 1, 11, 40)).isGreaterThan(30);
    }

    @Test
    void aCostLargerThanTheBudgetIsToldToWaitAWholeWindow() {
        assertThat(window.retryAfterMillis(MINUTE + 1, 200, 0, 100, 50)).isEqualTo(MINUTE);
    }

    @Test
    void theRetryIsNeverLessThanAMillisecond() {
        assertThat(window.retryAfterMillis(MINUTE + 59_999, 1, 1, 1, 2)).isEqualTo(1);
    }

    @Test
    void aWindowShorterThanAMillisecondIsRefusedNamingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SlidingWindow(0)).withMessageContaining("got 0");
    }
}

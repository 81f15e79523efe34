package io.reelpipe.feed.social;

/**
 * The sliding-window estimate of a rate limit kept in fixed windows: the units spent in the current window plus the
 * share of the previous window's units that a window ending now still covers. Two counters per subject give a limit
 * with no burst at a window boundary: a fixed window alone lets a client spend its budget at the end of one window and
 * again at the start of the next, and resets a client that was refused a moment before the boundary.
 *
 * <p>The previous window's share is rounded up, so a client that spent its whole budget just before a boundary is
 * still over it just after.
 *
 * @param windowMillis the window's length, at least 1
 */
record SlidingWindow(long windowMillis) {

    SlidingWindow {
        if (windowMillis < 1) {
            throw new IllegalArgumentException("a rate limit window must be at least 1 ms, got " + windowMillis);
        }
    }

    /** The fixed window that {@code nowMillis} falls in. */
    long slot(long nowMillis) {
        return Math.floorDiv(nowMillis, windowMillis);
    }

    /** Units spent over the window ending at {@code nowMillis}, from the counts of its slot and the slot before. */
    long spent(long nowMillis, long current, long previous) {
        return current + previousShare(previous, Math.floorMod(nowMillis, windowMillis));
    }

    /**
     * How long until {@code cost} more units fit in {@code budget}, at {@code nowMillis} with the given counts (the
     * refused request already counted in {@code current}); at least 1 ms, and one window when the cost can never fit.
     */
    long retryAfterMillis(long nowMillis, long current, long previous, int cost, int budget) {
        long elapsed = Math.floorMod(nowMillis, windowMillis);
        long room = budget - current - cost;
        long wait;
        if (room >= 0) {
            // It fits in this window once enough of the previous window has slid out: previous * (1 - f) <= room.
            wait = firstElapsedWithin(previous, room) - elapsed;
        } else if (budget - cost >= 0) {
            // In the next window this window's count is the previous one: current * (1 - g) <= budget - cost.
            wait = windowMillis - elapsed + firstElapsedWithin(current, budget - cost);
        } else {
            wait = windowMillis;
        }
        return Math.max(1, wait);
    }

    private long previousShare(long previous, long elapsed) {
        // ceil(previous * (windowMillis - elapsed) / windowMillis) in integers.
        long remaining = windowMillis - elapsed;
        return Math.ceilDiv(Math.multiplyExact(previous, remaining), windowMillis);
    }

    /** The first elapsed time in a window at which a previous count of {@code previous} weighs at most {@code room}. */
    private long firstElapsedWithin(long previous, long room) {
        if (previous <= room) {
            return 0;
        }
        // previous * (W - e) <= room * W  <=>  e >= W - room * W / previous, rounded up to a whole millisecond.
        return windowMillis - Math.floorDiv(Math.multiplyExact(room, windowMillis), previous);
    }
}

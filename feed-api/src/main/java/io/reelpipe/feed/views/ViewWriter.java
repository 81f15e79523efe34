package io.reelpipe.feed.views;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Makes accepted views durable in PostgreSQL; the request that accepted them answers only once the returned future
 * completed, so an acknowledged view is committed.
 */
interface ViewWriter {

    /**
     * Hands {@code views} over for writing.
     *
     * @return completes, once they are committed, with one flag per view: {@code true} when it was inserted (counted),
     *         {@code false} when its key was stored already (a duplicate); completes exceptionally when nothing of
     *         them was committed, or with {@link Overloaded} at once when this instance cannot take more
     */
    CompletableFuture<boolean[]> write(List<ViewStore.RawView> views);

    /** This instance has as many views waiting as it may hold, or is shutting down: the client should retry. */
    final class Overloaded extends RuntimeException {

        Overloaded(String message) {
            super(message);
        }
    }
}

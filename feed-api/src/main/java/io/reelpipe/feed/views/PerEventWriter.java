package io.reelpipe.feed.views;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The baseline the benchmark compares group commit with: one transaction per view (its INSERT, its counter and rollup
 * updates, its commit), in the request's thread, through the same function as the batched path.
 */
final class PerEventWriter implements ViewWriter {

    private final ViewStore store;

    PerEventWriter(ViewStore store) {
        this.store = store;
    }

    @Override
    public CompletableFuture<boolean[]> write(List<ViewStore.RawView> views) {
        boolean[] counted = new boolean[views.size()];
        try {
            for (int i = 0; i < counted.length; i++) {
                counted[i] = !store.record(List.of(views.get(i))).isEmpty();
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(counted);
    }
}

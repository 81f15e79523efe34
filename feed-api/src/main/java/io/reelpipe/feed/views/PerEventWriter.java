package io.reelpipe.feed.views;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The baselines the benchmark compares group commit with: one transaction per view, in the request's thread. Either
 * the naive one (its INSERT, its counter and rollup updates, its commit: {@link ViewStore#recordDirect}) or the batched
 * path's own function with one view per call (its INSERT and its delta row, counters folded later:
 * {@link ViewStore#record}), which isolates what grouping the commits alone is worth.
 */
final class PerEventWriter implements ViewWriter {

    private final Function<List<ViewStore.RawView>, Set<ViewStore.Key>> store;

    PerEventWriter(Function<List<ViewStore.RawView>, Set<ViewStore.Key>> store) {
        this.store = store;
    }

    @Override
    public CompletableFuture<boolean[]> write(List<ViewStore.RawView> views) {
        boolean[] counted = new boolean[views.size()];
        try {
            for (int i = 0; i < counted.length; i++) {
                counted[i] = !store.apply(List.of(views.get(i))).isEmpty();
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.completedFuture(counted);
    }
}

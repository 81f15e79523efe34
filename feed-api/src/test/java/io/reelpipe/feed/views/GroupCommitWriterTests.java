package io.reelpipe.feed.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitWriterTests {

    private final CountDownLatch firstFlushStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirstFlush = new CountDownLatch(1);
    private final List<List<ViewStore.RawView>> flushes = new CopyOnWriteArrayList<>();
    private final Set<ViewStore.Key> stored = ConcurrentHashMap.newKeySet();
    private GroupCommitWriter writer;

    /** A store that holds its first flush until released, and inserts every key it has not seen. */
    private Set<ViewStore.Key> store(List<ViewStore.RawView> views) {
        flushes.add(List.copyOf(views));
        if (flushes.size() == 1) {
            firstFlushStarted.countDown();
            await(releaseFirstFlush);
        }
        Set<ViewStore.Key> inserted = new HashSet<>();
        for (ViewStore.RawView view : views) {
            if (stored.add(view.key())) {
                inserted.add(view.key());
            }
        }
        return inserted;
    }

    private GroupCommitWriter start(int batchSize, int capacity, Function<List<ViewStore.RawView>,
            Set<ViewStore.Key>> store) {
        writer = new GroupCommitWriter(store, TestProperties.batching(batchSize, capacity, Duration.ofMillis(1)),
                new SimpleMeterRegistry());
        writer.start();
        return writer;
    }

    @AfterEach
    void stop() {
        releaseFirstFlush.countDown();
        if (writer != null) {
            writer.stop();
        }
    }

    @Test
    void requestsThatArriveDuringAFlushAreWrittenTogetherInTheNext() throws Exception {
        start(5_000, 100_000, this::store);
        CompletableFuture<boolean[]> first = writer.write(views(1));
        assertThat(firstFlushStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<boolean[]>> waiting = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            waiting.add(writer.write(views(25)));
        }
        assertThat(waiting).noneMatch(CompletableFuture::isDone);

        releaseFirstFlush.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(true);
        for (CompletableFuture<boolean[]> request : waiting) {
            assertThat(request.get(10, TimeUnit.SECONDS)).hasSize(25).doesNotContain(false);
        }
        assertThat(flushes).hasSize(2);
        assertThat(flushes.get(1)).hasSize(1_000);
    }

    @Test
    void aFlushTakesAtMostTheBatchSizeAndLeavesTheRestForTheNext() throws Exception {
        start(100, 100_000, this::store);
        CompletableFuture<boolean[]> first = writer.write(views(1));
        assertThat(firstFlushStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<boolean[]>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(writer.write(views(60)));
        }

        releaseFirstFlush.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<boolean[]> request : waiting) {
            request.get(10, TimeUnit.SECONDS);
        }
        assertThat(flushes.subList(1, flushes.size())).allSatisfy(flush -> assertThat(flush).hasSize(60))
                .hasSize(5);
    }

    @Test
    void aFullQueueRefusesAtOnceInsteadOfGrowing() throws Exception {
        start(100, 100, this::store);
        CompletableFuture<boolean[]> first = writer.write(views(100));
        assertThat(firstFlushStarted.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<boolean[]> refused = writer.write(views(1));

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::get).hasCauseInstanceOf(ViewWriter.Overloaded.class)
                .hasMessageContaining("100 views waiting");
        releaseFirstFlush.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).hasSize(100);
        assertThat(writer.write(views(1)).get(10, TimeUnit.SECONDS)).as("room again once flushed")
                .containsExactly(true);
    }

    @Test
    void aFailedFlushFailsEveryRequestInItAndTheNextFlushWorks() throws Exception {
        List<Integer> calls = new CopyOnWriteArrayList<>();
        start(5_000, 100_000, views -> {
            calls.add(views.size());
            if (calls.size() == 1) {
                throw new IllegalStateException("database down");
            }
            return keys(views);
        });

        CompletableFuture<boolean[]> failed = writer.write(views(3));

        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("database down");
        assertThat(writer.write(views(2)).get(10, TimeUnit.SECONDS)).containsExactly(true, true);
    }

    @Test
    void theSameViewTwiceInOneFlushIsWrittenOnceAndCountedOnce() throws Exception {
        start(5_000, 100_000, this::store);
        CompletableFuture<boolean[]> first = writer.write(views(1));
        assertThat(firstFlushStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<ViewStore.RawView> twice = views(2);
        CompletableFuture<boolean[]> original = writer.write(twice);
        CompletableFuture<boolean[]> retry = writer.write(List.of(twice.get(1), views(1).getFirst()));

        releaseFirstFlush.countDown();

        first.get(10, TimeUnit.SECONDS);
        assertThat(original.get(10, TimeUnit.SECONDS)).containsExactly(true, true);
        assertThat(retry.get(10, TimeUnit.SECONDS)).containsExactly(false, true);
        assertThat(flushes.get(1)).hasSize(3);
    }

    @Test
    void stoppingWritesWhatIsQueuedAndThenRefuses() throws Exception {
        start(5_000, 100_000, this::store);
        CompletableFuture<boolean[]> first = writer.write(views(1));
        assertThat(firstFlushStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<boolean[]> queued = writer.write(views(4));
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(writer::stop);

        releaseFirstFlush.countDown();
        stopped.get(10, TimeUnit.SECONDS);

        assertThat(first.get(1, TimeUnit.SECONDS)).containsExactly(true);
        assertThat(queued.get(1, TimeUnit.SECONDS)).containsExactly(true, true, true, true);
        assertThatThrownBy(() -> writer.write(views(1)).get()).hasCauseInstanceOf(ViewWriter.Overloaded.class);
    }

    private static List<ViewStore.RawView> views(int n) {
        List<ViewStore.RawView> views = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            views.add(new ViewStore.RawView(new ViewStore.Key(3600, UUID.randomUUID(), "s:" + UUID.randomUUID()),
                    5_000));
        }
        return views;
    }

    private static Set<ViewStore.Key> keys(List<ViewStore.RawView> views) {
        Set<ViewStore.Key> keys = new HashSet<>();
        views.forEach(view -> keys.add(view.key()));
        return keys;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the flush");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.reelpipe.transcode.hls;

import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.storage.CacheControl;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.transcode.ladder.EncodedLadder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a ladder while ffmpeg is still writing it. Every few hundred milliseconds it uploads the segments that
 * are complete in every rendition; as soon as the lowest rung and the audio have their first segment online it writes
 * a live master playlist ({@code live.m3u8}, short cache lifetime) that lists the lowest rung's growing event
 * playlist, and reports the video playable. It also reports progress. The final, measured master playlist is written
 * by {@link HlsPublisher#publishFinal} after ffmpeg ends.
 */
public final class ProgressivePublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProgressivePublisher.class);
    private static final Duration TICK = Duration.ofMillis(200);
    /** Until the first segment is online a tick is cheap (a directory read) and every millisecond counts. */
    private static final Duration FIRST_SEGMENT_TICK = Duration.ofMillis(25);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    static final String LIVE_MASTER = "live.m3u8";
    static final String LIVE_PLAYLIST = "live.m3u8";

    private final ObjectStore store;
    private final EncodedLadder ladder;
    private final String prefix;
    private final SegmentSync sync;
    private final Function<String, JobEvent> playableEvent;
    private final Function<Map<String, Integer>, JobEvent> progressEvent;
    private final Consumer<JobEvent> emit;
    private final AtomicLong outTimeUs = new AtomicLong();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean playable;
    private volatile java.time.Instant playableAt;
    private volatile Exception failure;
    private int lastPercent = -1;
    private long lastProgressNanos;

    ProgressivePublisher(
            ObjectStore store,
            EncodedLadder ladder,
            String prefix,
            SegmentSync sync,
            Function<String, JobEvent> playableEvent,
            Function<Map<String, Integer>, JobEvent> progressEvent,
            Consumer<JobEvent> emit) {
        this.store = store;
        this.ladder = ladder;
        this.prefix = prefix;
        this.sync = sync;
        this.playableEvent = playableEvent;
        this.progressEvent = progressEvent;
        this.emit = emit;
        this.thread = Thread.ofVirtual().name("progressive-" + prefix).start(this::loop);
    }

    /** ffmpeg's output time advanced (from its {@code -progress} lines). */
    public void onOutTime(long microseconds) {
        outTimeUs.accumulateAndGet(microseconds, Math::max);
    }

    SegmentSync sync() {
        return sync;
    }

    /** When the live master went online and the playable event out, or {@code null} before. */
    public java.time.Instant playableAt() {
        return playableAt;
    }

    private void loop() {
        try {
            while (!stop.await((playable ? TICK : FIRST_SEGMENT_TICK).toMillis(), TimeUnit.MILLISECONDS)) {
                tick();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
            log.warn("progressive publishing of {} stopped: {}", prefix, e.toString());
        }
    }

    private void tick() throws IOException {
        List<EncodedLadder.EncodedRung> rungs = ladder.rungs();
        Optional<MediaPlaylist> lowest = sync.sync(rungs.getFirst().name());
        Optional<MediaPlaylist> audio = ladder.audio() ? sync.sync(EncodedLadder.AUDIO_DIR) : Optional.empty();
        boolean audioReady = !ladder.audio() || audio.isPresent();
        if (lowest.isPresent() && audioReady) {
            publishLivePlaylists();
            if (!playable) {
                publishLiveMaster();
                emit.accept(playableEvent.apply(prefix + LIVE_MASTER));
                playable = true;
                playableAt = java.time.Instant.now();
            }
        }
        // The higher rungs only after the live playlists: their segments are not on the path to playable.
        for (EncodedLadder.EncodedRung rung : rungs.subList(1, rungs.size())) {
            sync.sync(rung.name());
        }
        reportProgress();
    }

    /** The lowest rung's and the audio's playlists as ffmpeg last wrote them, under their live names. */
    private void publishLivePlaylists() throws IOException {
        copyPlaylist(ladder.rungs().getFirst().name());
        if (ladder.audio()) {
            copyPlaylist(EncodedLadder.AUDIO_DIR);
        }
    }

    private void copyPlaylist(String rendition) throws IOException {
        byte[] playlist = java.nio.file.Files.readAllBytes(ladder.outDir().resolve(rendition).resolve("index.m3u8"));
        store.putBytes(prefix + rendition + "/" + LIVE_PLAYLIST, playlist, HlsPublisher.contentType(LIVE_PLAYLIST),
                CacheControl.LIVE_PLAYLIST, ObjectStore.Access.PUBLIC_READ);
    }

    private void publishLiveMaster() throws IOException {
        EncodedLadder.EncodedRung lowest = ladder.rungs().getFirst();
        // Not measured yet: the rung's ceiling (plus the audio's rate) is what it can reach.
        long bandwidth = (lowest.maxrateKbps() + (ladder.audio() ? ladder.audioKbps() : 0)) * 1000L;
        Variant variant = new Variant(lowest.name(), lowest.width(), lowest.height(), ladder.frameRate(),
                codecs(), bandwidth, bandwidth);
        String master = MasterPlaylist.render(List.of(variant),
                ladder.audio() ? EncodedLadder.AUDIO_DIR + "/" + LIVE_PLAYLIST : null, LIVE_PLAYLIST);
        store.putBytes(prefix + LIVE_MASTER, master.getBytes(StandardCharsets.UTF_8),
                HlsPublisher.contentType(LIVE_MASTER), CacheControl.LIVE_PLAYLIST, ObjectStore.Access.PUBLIC_READ);
    }

    /** The lowest rung's codecs, from its init segment (online before the live master is written). */
    private String codecs() throws IOException {
        Path dir = ladder.outDir().resolve(ladder.rungs().getFirst().name());
        MediaPlaylist playlist = MediaPlaylist.parse(dir.resolve("index.m3u8"));
        return Codecs.of(dir.resolve(playlist.initUri()), ladder.audio());
    }

    private void reportProgress() {
        if (ladder.durationSec() <= 0) {
            return;
        }
        int percent = (int) Math.min(99, outTimeUs.get() / 10_000 / ladder.durationSec());
        long now = System.nanoTime();
        if (percent != lastPercent && now - lastProgressNanos >= PROGRESS_EVERY.toNanos()) {
            Map<String, Integer> byRung = new LinkedHashMap<>();
            ladder.rungs().forEach(r -> byRung.put(r.name(), percent));
            try {
                emit.accept(progressEvent.apply(byRung));
            } catch (RuntimeException e) {
                // Progress is advisory; the job goes on without it.
                log.debug("progress of {} not published: {}", prefix, e.toString());
            }
            lastPercent = percent;
            lastProgressNanos = now;
        }
    }

    /**
     * Stops watching after ffmpeg ended: one last pass, so everything complete is online.
     *
     * @throws IOException when publishing failed (the job is retried)
     */
    public void finish() throws IOException, InterruptedException {
        stop.countDown();
        thread.join();
        if (failure != null) {
            throw new IOException("progressive publishing failed: " + failure.getMessage(), failure);
        }
        tick();
    }

    /** Stops watching (after a failure of ffmpeg, for example); nothing more is published. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

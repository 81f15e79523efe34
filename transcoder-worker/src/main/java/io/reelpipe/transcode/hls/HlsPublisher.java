package io.reelpipe.transcode.hls;

import io.reelpipe.core.contract.Rendition;
import io.reelpipe.core.storage.CacheControl;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.worker.JobContext;
import io.reelpipe.transcode.ladder.EncodedLadder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes an attempt's ladder under its prefix: segments while ffmpeg writes them ({@link #progressive}), then the
 * final media playlists rewritten as VOD and the measured master playlist, last, so a {@code master.m3u8} that exists
 * always names a complete set.
 */
public final class HlsPublisher {

    static final String MASTER = "master.m3u8";
    static final String MEDIA_PLAYLIST = "index.m3u8";

    private final ObjectStore store;

    public HlsPublisher(ObjectStore store) {
        this.store = store;
    }

    /**
     * The published ladder.
     *
     * @param masterKey  key of the master playlist
     * @param renditions one per rung, lowest first
     */
    public record PublishedLadder(String masterKey, List<Rendition> renditions) {}

    /** Starts publishing a ladder that ffmpeg is about to write. */
    public ProgressivePublisher progressive(EncodedLadder ladder, String prefix, JobContext context) {
        return new ProgressivePublisher(store, ladder, prefix, new SegmentSync(store, ladder.outDir(), prefix),
                key -> context.events().playable(key), percent -> context.events().progress(percent), context::emit);
    }

    /** Publishes a finished ladder in one go (what {@link #progressive} has uploaded already is uploaded again). */
    public PublishedLadder publish(EncodedLadder ladder, String prefix) throws IOException {
        return publishFinal(ladder, prefix, new SegmentSync(store, ladder.outDir(), prefix));
    }

    /** After ffmpeg ended: the remaining segments, the VOD media playlists, then the measured master playlist. */
    public PublishedLadder publishFinal(EncodedLadder ladder, String prefix, ProgressivePublisher progressive)
            throws IOException {
        return publishFinal(ladder, prefix, progressive.sync());
    }

    private PublishedLadder publishFinal(EncodedLadder ladder, String prefix, SegmentSync sync) throws IOException {
        Path out = ladder.outDir();
        long audioPeak = 0;
        long audioAverage = 0;
        if (ladder.audio()) {
            Path audioDir = out.resolve(EncodedLadder.AUDIO_DIR);
            MediaPlaylist audio = MediaPlaylist.parse(audioDir.resolve(MEDIA_PLAYLIST));
            audioPeak = audio.peakBitRate(audioDir);
            audioAverage = audio.averageBitRate(audioDir);
            finalise(sync, EncodedLadder.AUDIO_DIR, prefix);
        }
        List<Variant> variants = new ArrayList<>();
        List<Rendition> renditions = new ArrayList<>();
        for (EncodedLadder.EncodedRung rung : ladder.rungs()) {
            Path dir = out.resolve(rung.name());
            MediaPlaylist playlist = MediaPlaylist.parse(dir.resolve(MEDIA_PLAYLIST));
            String codec = Codecs.of(dir.resolve(playlist.initUri()), ladder.audio());
            Variant variant = new Variant(rung.name(), rung.width(), rung.height(), ladder.frameRate(), codec,
                    playlist.peakBitRate(dir) + audioPeak, playlist.averageBitRate(dir) + audioAverage);
            variants.add(variant);
            renditions.add(new Rendition(rung.name(), rung.width(), rung.height(), variant.bandwidth(),
                    variant.averageBandwidth(), codec, prefix + rung.name() + "/" + MEDIA_PLAYLIST));
            finalise(sync, rung.name(), prefix);
        }
        String masterKey = prefix + MASTER;
        String master = MasterPlaylist.render(variants,
                ladder.audio() ? EncodedLadder.AUDIO_DIR + "/" + MEDIA_PLAYLIST : null, MEDIA_PLAYLIST);
        store.putBytes(masterKey, master.getBytes(StandardCharsets.UTF_8), contentType(MASTER), CacheControl.IMMUTABLE,
                ObjectStore.Access.PUBLIC_READ);
        return new PublishedLadder(masterKey, renditions);
    }

    /** Uploads a rendition's remaining segments, then its playlist as VOD under its final, immutable name. */
    private void finalise(SegmentSync sync, String rendition, String prefix) throws IOException {
        sync.sync(rendition);
        String playlist = Files.readString(sync.outDir().resolve(rendition).resolve(MEDIA_PLAYLIST));
        if (!playlist.contains("#EXT-X-ENDLIST")) {
            throw new IOException("the " + rendition + " playlist is not finished");
        }
        String vod = playlist.replace("#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-PLAYLIST-TYPE:VOD");
        store.putBytes(prefix + rendition + "/" + MEDIA_PLAYLIST, vod.getBytes(StandardCharsets.UTF_8),
                contentType(MEDIA_PLAYLIST), CacheControl.IMMUTABLE, ObjectStore.Access.PUBLIC_READ);
    }

    static String contentType(String name) {
        if (name.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        }
        if (name.endsWith(".m4s")) {
            return "video/iso.segment";
        }
        if (name.endsWith(".mp4")) {
            return "video/mp4";
        }
        return "application/octet-stream";
    }

}

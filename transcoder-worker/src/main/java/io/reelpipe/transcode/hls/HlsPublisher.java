package io.reelpipe.transcode.hls;

import io.reelpipe.core.contract.Rendition;
import io.reelpipe.core.storage.CacheControl;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.transcode.ladder.EncodedLadder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Measures an encoded ladder, writes its master playlist and uploads everything under one attempt's prefix: segments
 * and media playlists first, the master playlist last, so a master playlist that exists always names a complete set.
 */
public final class HlsPublisher {

    static final String MASTER = "master.m3u8";

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

    public PublishedLadder publish(EncodedLadder ladder, String prefix) throws IOException, InterruptedException {
        Path out = ladder.outDir();
        Map<String, String> codecs = ffmpegCodecs(out.resolve(EncodedLadder.FFMPEG_MASTER));
        long audioPeak = 0;
        long audioAverage = 0;
        if (ladder.audio()) {
            Path audioDir = out.resolve(EncodedLadder.AUDIO_DIR);
            MediaPlaylist audio = MediaPlaylist.parse(audioDir.resolve("index.m3u8"));
            audioPeak = audio.peakBitRate(audioDir);
            audioAverage = audio.averageBitRate(audioDir);
        }
        List<Variant> variants = new ArrayList<>();
        List<Rendition> renditions = new ArrayList<>();
        for (EncodedLadder.EncodedRung rung : ladder.rungs()) {
            Path dir = out.resolve(rung.name());
            MediaPlaylist playlist = MediaPlaylist.parse(dir.resolve("index.m3u8"));
            String codec = codecs.get(rung.name());
            if (codec == null) {
                throw new IOException("ffmpeg's master playlist has no CODECS for " + rung.name());
            }
            Variant variant = new Variant(rung.name(), rung.width(), rung.height(), ladder.frameRate(), codec,
                    playlist.peakBitRate(dir) + audioPeak, playlist.averageBitRate(dir) + audioAverage);
            variants.add(variant);
            renditions.add(new Rendition(rung.name(), rung.width(), rung.height(), variant.bandwidth(),
                    variant.averageBandwidth(), codec, prefix + rung.name() + "/index.m3u8"));
        }
        List<String> dirs = new ArrayList<>(ladder.rungs().stream().map(EncodedLadder.EncodedRung::name).toList());
        if (ladder.audio()) {
            dirs.add(EncodedLadder.AUDIO_DIR);
        }
        uploadAll(out, dirs, prefix);
        String masterKey = prefix + MASTER;
        String master = MasterPlaylist.render(variants, ladder.audio() ? EncodedLadder.AUDIO_DIR + "/index.m3u8" : null);
        store.putBytes(masterKey, master.getBytes(StandardCharsets.UTF_8), contentType(MASTER), CacheControl.IMMUTABLE,
                ObjectStore.Access.PUBLIC_READ);
        return new PublishedLadder(masterKey, renditions);
    }

    /** Uploads every file of the rung directories, a few at a time; playlists after their segments. */
    private void uploadAll(Path out, List<String> dirs, String prefix) throws IOException, InterruptedException {
        List<Path> segments = new ArrayList<>();
        List<Path> playlists = new ArrayList<>();
        for (String dir : dirs) {
            try (Stream<Path> files = Files.list(out.resolve(dir))) {
                for (Path file : files.sorted().toList()) {
                    (file.getFileName().toString().endsWith(".m3u8") ? playlists : segments).add(file);
                }
            }
        }
        upload(out, segments, prefix);
        upload(out, playlists, prefix);
    }

    private void upload(Path out, List<Path> files, String prefix) throws IOException, InterruptedException {
        try (ExecutorService pool = Executors.newFixedThreadPool(4, Thread.ofVirtual().factory())) {
            List<Future<?>> uploads = new ArrayList<>();
            for (Path file : files) {
                String key = prefix + out.relativize(file).toString().replace('\\', '/');
                uploads.add(pool.submit(() -> store.putFile(key, file, contentType(file.getFileName().toString()),
                        CacheControl.IMMUTABLE, ObjectStore.Access.PUBLIC_READ)));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } catch (ExecutionException e) {
            throw new IOException("upload to S3 failed: " + e.getCause().getMessage(), e.getCause());
        }
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

    /** The CODECS attribute ffmpeg computed for each variant (from the encoders' profile and level), by directory. */
    static Map<String, String> ffmpegCodecs(Path master) throws IOException {
        Map<String, String> codecs = new HashMap<>();
        List<String> lines = Files.readAllLines(master);
        for (int i = 0; i < lines.size() - 1; i++) {
            String line = lines.get(i);
            if (line.startsWith("#EXT-X-STREAM-INF:") && line.contains("CODECS=\"")) {
                int start = line.indexOf("CODECS=\"") + 8;
                String value = line.substring(start, line.indexOf('"', start));
                String uri = lines.get(i + 1).strip();
                int slash = uri.indexOf('/');
                if (slash > 0) {
                    codecs.put(uri.substring(0, slash), value);
                }
            }
        }
        return codecs;
    }
}

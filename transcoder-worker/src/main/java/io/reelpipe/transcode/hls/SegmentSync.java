package io.reelpipe.transcode.hls;

import io.reelpipe.core.storage.CacheControl;
import io.reelpipe.core.storage.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Uploads the finished segments of one attempt's HLS output as they appear, each once: a rendition's init segment and
 * every segment its current playlist lists (ffmpeg's {@code temp_file} flag means a listed segment is complete).
 * Segment keys never change once written, so they carry the immutable cache policy.
 */
final class SegmentSync {

    private final ObjectStore store;
    private final Path outDir;
    private final String prefix;
    private final Set<String> uploaded = ConcurrentHashMap.newKeySet();

    SegmentSync(ObjectStore store, Path outDir, String prefix) {
        this.store = store;
        this.outDir = outDir;
        this.prefix = prefix;
    }

    /**
     * Uploads what is new in one rendition directory.
     *
     * @return the playlist as it was when synced, or empty when ffmpeg has not listed a segment yet
     */
    Optional<MediaPlaylist> sync(String rendition) throws IOException {
        Path dir = outDir.resolve(rendition);
        Optional<MediaPlaylist> current = MediaPlaylist.current(dir.resolve("index.m3u8"));
        if (current.isEmpty()) {
            return current;
        }
        MediaPlaylist playlist = current.get();
        if (playlist.initUri() != null) {
            upload(rendition, playlist.initUri());
        }
        for (MediaPlaylist.Segment segment : playlist.segments()) {
            upload(rendition, segment.uri());
        }
        return current;
    }

    private void upload(String rendition, String uri) {
        String relative = rendition + "/" + uri;
        if (uploaded.contains(relative)) {
            return;
        }
        store.putFile(prefix + relative, outDir.resolve(rendition).resolve(uri), HlsPublisher.contentType(uri),
                CacheControl.IMMUTABLE, ObjectStore.Access.PUBLIC_READ);
        uploaded.add(relative);
    }

    Path outDir() {
        return outDir;
    }

    int uploadedCount() {
        return uploaded.size();
    }
}

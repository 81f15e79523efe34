package io.reelpipe.transcode.hls;

import java.util.List;
import java.util.Locale;

/**
 * Writes an HLS master playlist (RFC 8216, Apple's authoring spec): independent segments, one {@code EXT-X-STREAM-INF}
 * per variant with measured {@code BANDWIDTH} and {@code AVERAGE-BANDWIDTH}, {@code CODECS}, {@code RESOLUTION} and
 * {@code FRAME-RATE}, lowest first, and the shared AAC audio as a rendition group.
 */
final class MasterPlaylist {

    static final String AUDIO_GROUP = "aud";

    private MasterPlaylist() {}

    /**
     * @param variants       video variants, lowest first
     * @param audioPlaylist  URI of the audio media playlist, or {@code null} when there is no audio
     * @param playlistName   file name of each variant's media playlist in its directory
     */
    static String render(List<Variant> variants, String audioPlaylist, String playlistName) {
        StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (audioPlaylist != null) {
            m3u8.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").append(AUDIO_GROUP)
                    .append("\",NAME=\"default\",LANGUAGE=\"und\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"")
                    .append(audioPlaylist).append("\"\n");
        }
        for (Variant v : variants) {
            m3u8.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(v.bandwidth())
                    .append(",AVERAGE-BANDWIDTH=").append(v.averageBandwidth())
                    .append(",CODECS=\"").append(v.codecs()).append('"')
                    .append(",RESOLUTION=").append(v.width()).append('x').append(v.height())
                    .append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", v.frameRate()));
            if (audioPlaylist != null) {
                m3u8.append(",AUDIO=\"").append(AUDIO_GROUP).append('"');
            }
            m3u8.append('\n').append(v.name()).append('/').append(playlistName).append('\n');
        }
        return m3u8.toString();
    }
}

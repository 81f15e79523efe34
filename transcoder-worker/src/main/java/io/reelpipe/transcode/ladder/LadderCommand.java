package io.reelpipe.transcode.ladder;

import io.reelpipe.core.media.ContainerFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the one ffmpeg command that encodes a whole ladder: a single decode feeds a split filter graph, one scaler
 * and one libx264 encoder per rung into one HLS output, and one AAC encoder into an HLS output of its own, shared by
 * every rung as an audio rendition group. Keyframes
 * are forced every segment duration with scene-cut keyframes off and closed GOPs, so IDR frames line up across rungs
 * at every segment boundary. Output is fMP4 (CMAF) HLS with 2 s segments.
 *
 * <p>Every argument is generated here: paths inside the job directory, numbers and fixed option names.
 */
final class LadderCommand {

    static final double SEGMENT_SECONDS = 2.0;
    /** The first segment's length when every rung is encoded (see {@link LadderPlan#firstSegmentSeconds}). */
    static final double FAST_START_SECONDS = 1.0;
    static final String AUDIO_NAME = "audio";

    /**
     * Tags frames as BT.709 SDR. Setting the same on the encoder instead makes ffmpeg insert a colour conversion per
     * rung (measured: ~8% more time per rung); as frame properties it is metadata only, written into the VUI.
     */
    static final String BT709 = "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709";

    private LadderCommand() {}

    /**
     * The argv.
     *
     * @param ffmpeg   the ffmpeg executable
     * @param source   the source file
     * @param format   its sniffed container, the only demuxer allowed
     * @param plan     the ladder
     * @param settings encoder settings
     * @param outDir   where {@code <rung>/index.m3u8} and segments are written
     */
    static List<String> build(
            Path ffmpeg, Path source, ContainerFormat format, LadderPlan plan, EncoderSettings settings, Path outDir) {
        List<String> cmd = new ArrayList<>(List.of(
                ffmpeg.toString(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats",
                "-progress", "pipe:2",
                "-protocol_whitelist", "file",
                "-format_whitelist", format.demuxer(),
                "-f", format.demuxer(),
                "-i", "file:" + source.toAbsolutePath()));
        if (plan.rungs().stream().anyMatch(r -> !r.remux())) {
            cmd.addAll(List.of("-filter_complex", filterGraph(plan)));
        }
        List<Rung> rungs = plan.rungs();
        for (int i = 0; i < rungs.size(); i++) {
            // A remuxed rung is the source's own stream; the others come out of the filter graph.
            cmd.addAll(List.of("-map", rungs.get(i).remux() ? "0:v:0" : "[v" + rungs.get(i).name() + "]"));
        }
        int gop = plan.gopFrames(SEGMENT_SECONDS);
        double first = plan.firstSegmentSeconds(SEGMENT_SECONDS, FAST_START_SECONDS);
        // Options per output stream: a remuxed rung must not receive encoder options.
        for (int i = 0; i < rungs.size(); i++) {
            Rung rung = rungs.get(i);
            String v = ":v:" + i;
            if (rung.remux()) {
                cmd.addAll(List.of("-c" + v, "copy"));
                continue;
            }
            cmd.addAll(List.of(
                    "-c" + v, "libx264",
                    "-profile" + v, "high",
                    "-preset" + v, settings.preset(),
                    "-crf" + v, Integer.toString(settings.crf()),
                    "-maxrate" + v, rung.maxrateKbps() + "k",
                    "-bufsize" + v, rung.bufsizeKbps() + "k",
                    "-g" + v, Integer.toString(gop),
                    "-keyint_min" + v, Integer.toString(gop),
                    "-sc_threshold" + v, "0",
                    "-flags" + v, "+cgop",
                    "-force_key_frames" + v, keyFrameExpression(first)));
        }
        // The video rungs: one HLS output, one variant per rung. Their segments are cut at the forced key frames.
        cmd.addAll(hlsOutput(first));
        cmd.addAll(List.of(
                "-var_stream_map", streamMap(plan),
                "-hls_segment_filename", outDir.resolve("%v").resolve("seg_%05d.m4s").toString(),
                outDir.resolve("%v").resolve("index.m3u8").toString()));
        // The audio, encoded once, is an output of its own: every audio packet can start a segment, so with the
        // video's short first segment (-hls_init_time) in the same output every audio segment would be that short.
        if (plan.audio()) {
            Path audio = outDir.resolve(AUDIO_NAME);
            cmd.addAll(List.of("-map", "0:a:0",
                    "-c:a", "aac", "-b:a", settings.audioKbps() + "k", "-ac", "2", "-ar", "48000"));
            cmd.addAll(hlsOutput(SEGMENT_SECONDS));
            cmd.addAll(List.of(
                    "-hls_segment_filename", audio.resolve("seg_%05d.m4s").toString(),
                    audio.resolve("index.m3u8").toString()));
        }
        return cmd;
    }

    /** The options of one fMP4 HLS output whose first segment lasts {@code firstSeconds}. */
    private static List<String> hlsOutput(double firstSeconds) {
        return List.of(
                "-f", "hls",
                // The first segment is cut at the first key frame after this, the others after hls_time.
                "-hls_init_time", fmt(firstSeconds),
                "-hls_time", fmt(SEGMENT_SECONDS),
                // Event playlists grow while encoding (progressive publishing); the publisher rewrites them as VOD.
                "-hls_playlist_type", "event",
                "-hls_segment_type", "fmp4",
                // temp_file: a segment appears under its name only once complete, so the publisher never uploads half.
                "-hls_flags", "independent_segments+temp_file",
                "-hls_fmp4_init_filename", "init.mp4");
    }

    /**
     * Forced key frames on the segment grid: 0, the end of the first segment, then every segment duration. With a
     * first segment as long as the others that is every {@code SEGMENT_SECONDS}.
     */
    static String keyFrameExpression(double firstSeconds) {
        if (firstSeconds >= SEGMENT_SECONDS) {
            return "expr:gte(t,n_forced*" + fmt(SEGMENT_SECONDS) + ")";
        }
        return "expr:gte(t,if(lte(n_forced,1),n_forced*" + fmt(firstSeconds) + ",(n_forced-1)*" + fmt(SEGMENT_SECONDS)
                + "))";
    }

    /**
     * One decode; deinterlaced and tone-mapped when the source needs it; frame rate made constant; then one branch
     * per rung: scale (with square pixels), 8-bit 4:2:0. The decoder applies rotation metadata before the graph.
     */
    static String filterGraph(LadderPlan plan) {
        List<Rung> rungs = plan.rungs().stream().filter(r -> !r.remux()).toList();
        StringBuilder graph = new StringBuilder("[0:v:0]");
        if (!plan.sourceFilters().isEmpty()) {
            graph.append(plan.sourceFilters()).append(',');
        }
        graph.append("fps=").append(fmt(plan.frameRate()))
                .append(",split=").append(rungs.size());
        for (int i = 0; i < rungs.size(); i++) {
            graph.append("[s").append(i).append(']');
        }
        for (int i = 0; i < rungs.size(); i++) {
            Rung rung = rungs.get(i);
            graph.append(";[s").append(i).append("]scale=").append(rung.width()).append(':').append(rung.height())
                    .append(":flags=bicubic,setsar=1,format=yuv420p,").append(BT709).append("[v").append(rung.name())
                    .append(']');
        }
        return graph.toString();
    }

    private static String streamMap(LadderPlan plan) {
        List<String> entries = new ArrayList<>();
        List<Rung> rungs = plan.rungs();
        for (int i = 0; i < rungs.size(); i++) {
            entries.add("v:" + i + ",name:" + rungs.get(i).name());
        }
        return String.join(" ", entries);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("\\.?0+$", "");
    }
}

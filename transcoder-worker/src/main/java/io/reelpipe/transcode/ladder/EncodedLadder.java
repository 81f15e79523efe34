package io.reelpipe.transcode.ladder;

import java.nio.file.Path;
import java.util.List;

/**
 * A ladder ffmpeg has finished writing: {@code <outDir>/<rung>/index.m3u8} per rung, plus {@code audio/} when there is
 * audio. ReelPipe writes the master playlists itself.
 *
 * @param outDir    the output directory
 * @param rungs     rungs, lowest first
 * @param frameRate constant output frame rate
 * @param audio     whether an {@code audio} rendition was written
 * @param audioKbps  the AAC bit rate
 * @param durationSec the source duration, for progress
 * @param sourceFilters the source's deinterlacing and tone-mapping filters, if any
 */
public record EncodedLadder(
        Path outDir,
        List<EncodedRung> rungs,
        double frameRate,
        boolean audio,
        int audioKbps,
        double durationSec,
        String sourceFilters) {

    public static final String AUDIO_DIR = LadderCommand.AUDIO_NAME;

    public EncodedLadder {
        rungs = List.copyOf(rungs);
    }

    /**
     * One encoded rung.
     *
     * @param name   name and directory
     * @param width  pixels
     * @param height pixels
     * @param maxrateKbps the rung's bit-rate ceiling (the bandwidth a live master announces before measuring)
     * @param remux       whether the rung is the source's video packaged without re-encoding
     */
    public record EncodedRung(String name, int width, int height, int maxrateKbps, boolean remux) {}

    LadderPlan plan() {
        return new LadderPlan(rungs.stream().map(r -> new Rung(r.name(), r.width(), r.height(), r.maxrateKbps(),
                r.remux())).toList(), frameRate, audio, sourceFilters);
    }
}

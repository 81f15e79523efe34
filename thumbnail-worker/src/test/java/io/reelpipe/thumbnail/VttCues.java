package io.reelpipe.thumbnail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of WebVTT thumbnail tracks, as a player reads them: the {@code WEBVTT} signature, blank-line
 * separated cues of {@code start --> end} and one {@code file#xywh=x,y,w,h} payload line.
 */
public final class VttCues {

    private static final Pattern TIMING = Pattern.compile(
            "(\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3}) --> (\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3})");
    private static final Pattern PAYLOAD = Pattern.compile("([A-Za-z0-9._-]+)#xywh=(\\d+),(\\d+),(\\d+),(\\d+)");

    private VttCues() {}

    /**
     * One cue.
     *
     * @param startMs start of its time range
     * @param endMs   end of its time range
     * @param image   the sprite sheet it points at, relative to the VTT
     */
    public record Cue(long startMs, long endMs, String image, int x, int y, int width, int height) {}

    /** Parses a track; any deviation from the format is an {@link IllegalArgumentException}. */
    public static List<Cue> parse(String vtt) {
        String[] blocks = vtt.replace("\r\n", "\n").split("\n\n+");
        if (!blocks[0].equals("WEBVTT") && !blocks[0].startsWith("WEBVTT\n") && !blocks[0].startsWith("WEBVTT ")) {
            throw new IllegalArgumentException("no WEBVTT signature: " + blocks[0]);
        }
        List<Cue> cues = new ArrayList<>();
        for (int b = 1; b < blocks.length; b++) {
            String[] lines = blocks[b].strip().split("\n");
            if (lines.length != 2) {
                throw new IllegalArgumentException("a thumbnail cue has a timing line and a payload line: " + blocks[b]);
            }
            Matcher timing = TIMING.matcher(lines[0]);
            Matcher payload = PAYLOAD.matcher(lines[1]);
            if (!timing.matches() || !payload.matches()) {
                throw new IllegalArgumentException("malformed cue: " + blocks[b]);
            }
            cues.add(new Cue(millis(timing, 1), millis(timing, 5), payload.group(1),
                    Integer.parseInt(payload.group(2)), Integer.parseInt(payload.group(3)),
                    Integer.parseInt(payload.group(4)), Integer.parseInt(payload.group(5))));
        }
        return List.copyOf(cues);
    }

    private static long millis(Matcher m, int first) {
        return Long.parseLong(m.group(first)) * 3_600_000 + Long.parseLong(m.group(first + 1)) * 60_000
                + Long.parseLong(m.group(first + 2)) * 1000 + Long.parseLong(m.group(first + 3));
    }
}

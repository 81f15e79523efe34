package io.reelpipe.thumbnail.storyboard;

import io.reelpipe.thumbnail.poster.ImageEncoders;
import io.reelpipe.thumbnail.sampling.RgbFrame;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Packs storyboard tiles into sprite sheets (JPEG, up to {@value #MAX_GRID} by {@value #MAX_GRID} tiles, never over
 * {@link ImageEncoders#MAX_SIDE} a side) and writes the WebVTT thumbnail track that maps each tile's time range to its
 * rectangle: {@code sprite-0.jpg#xywh=x,y,w,h}, the media fragment players and scrubber plug-ins read (video.js,
 * Vidstack, JW Player, Shaka). Sheets are named relative to the VTT, which is stored beside them.
 */
public final class StoryboardBuilder {

    /** Tiles across and down a sheet at most: one request covers 100 tiles, a sheet stays a few dozen kilobytes. */
    static final int MAX_GRID = 10;

    /**
     * JPEG quality of the sheets: tiles are seen for a moment while scrubbing, so they get a lower SSIM target than
     * posters, 0.975, which 0.75 is the lowest setting to reach (bench/thumbnails/quality.sh: 0.70 gives 0.966, 0.75
     * gives 0.976 for 9% more bytes, 0.85 gives 0.985 for 32% more).
     */
    static final float SHEET_QUALITY = 0.75f;

    private StoryboardBuilder() {}

    /**
     * One sprite sheet.
     *
     * @param name   its file name, relative to the VTT
     * @param width  pixels
     * @param height pixels
     * @param jpeg   the encoded sheet
     */
    public record Sheet(String name, int width, int height, byte[] jpeg) {}

    /**
     * The storyboard's files.
     *
     * @param sheets the sprite sheets, in time order
     * @param vtt    the WebVTT thumbnail track
     */
    public record Files(List<Sheet> sheets, String vtt) {

        public Files {
            sheets = List.copyOf(sheets);
        }
    }

    /**
     * Builds the storyboard.
     *
     * @param tiles        equally sized frames, one every {@code intervalSec} from the start
     * @param intervalSec  seconds between tiles
     * @param durationSec  the video's duration (0 when unknown): the last cue ends there, tiles past it are dropped
     */
    public static Files build(List<RgbFrame> tiles, int intervalSec, double durationSec) throws IOException {
        if (tiles.isEmpty()) {
            throw new IllegalArgumentException("a storyboard needs at least one tile");
        }
        int tileWidth = tiles.getFirst().width();
        int tileHeight = tiles.getFirst().height();
        for (RgbFrame tile : tiles) {
            if (tile.width() != tileWidth || tile.height() != tileHeight) {
                throw new IllegalArgumentException("storyboard tiles differ in size: " + tileWidth + "x" + tileHeight
                        + " and " + tile.width() + "x" + tile.height());
            }
        }
        List<RgbFrame> used = tiles;
        if (durationSec > 0) {
            int inside = (int) Math.max(1, Math.ceil(durationSec / intervalSec - 1e-6));
            used = tiles.subList(0, Math.min(tiles.size(), inside));
        }
        int columns = Math.max(1, Math.min(MAX_GRID, ImageEncoders.MAX_SIDE / tileWidth));
        int rows = Math.max(1, Math.min(MAX_GRID, ImageEncoders.MAX_SIDE / tileHeight));
        int perSheet = columns * rows;

        List<Sheet> sheets = new ArrayList<>();
        StringBuilder vtt = new StringBuilder("WEBVTT\n");
        for (int first = 0; first < used.size(); first += perSheet) {
            List<RgbFrame> onSheet = used.subList(first, Math.min(used.size(), first + perSheet));
            String name = "sprite-" + sheets.size() + ".jpg";
            int sheetColumns = Math.min(columns, onSheet.size());
            int sheetRows = (onSheet.size() + columns - 1) / columns;
            BufferedImage sheet = new BufferedImage(sheetColumns * tileWidth, sheetRows * tileHeight,
                    BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D canvas = sheet.createGraphics();
            for (int k = 0; k < onSheet.size(); k++) {
                int x = (k % columns) * tileWidth;
                int y = (k / columns) * tileHeight;
                canvas.drawImage(onSheet.get(k).toImage(), x, y, null);
                int index = first + k;
                double start = (double) index * intervalSec;
                double end = index == used.size() - 1 && durationSec > start ? durationSec : start + intervalSec;
                vtt.append('\n').append(timestamp(start)).append(" --> ").append(timestamp(end)).append('\n')
                        .append(name).append("#xywh=").append(x).append(',').append(y).append(',')
                        .append(tileWidth).append(',').append(tileHeight).append('\n');
            }
            canvas.dispose();
            sheets.add(new Sheet(name, sheet.getWidth(), sheet.getHeight(),
                    ImageEncoders.jpeg(sheet, SHEET_QUALITY, false)));
        }
        return new Files(sheets, vtt.toString());
    }

    /** A WebVTT timestamp, {@code hh:mm:ss.ttt}. */
    static String timestamp(double seconds) {
        long millis = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, millis % 1000);
    }
}

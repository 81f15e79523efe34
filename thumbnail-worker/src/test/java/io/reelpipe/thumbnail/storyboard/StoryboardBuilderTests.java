package io.reelpipe.thumbnail.storyboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.thumbnail.TestFrames;
import io.reelpipe.thumbnail.VttCues;
import io.reelpipe.thumbnail.sampling.RgbFrame;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoryboardBuilderTests {

    @Test
    void aMinuteOfTilesIsOneSheetWhoseCuesCoverTheVideoInsideTheSheet() throws Exception {
        List<RgbFrame> tiles = tiles(61, 160, 90);

        StoryboardBuilder.Files files = StoryboardBuilder.build(tiles, 1, 60.5);

        assertThat(files.sheets()).hasSize(1);
        StoryboardBuilder.Sheet sheet = files.sheets().getFirst();
        assertThat(sheet.name()).isEqualTo("sprite-0.jpg");
        assertThat(sheet.width()).isEqualTo(10 * 160);
        assertThat(sheet.height()).isEqualTo(7 * 90);
        List<VttCues.Cue> cues = VttCues.parse(files.vtt());
        assertThat(cues).hasSize(61);
        assertCoverWithoutGaps(cues, 60_500);
        assertInsideTheirSheets(cues, files.sheets());
        assertThat(cues.get(13)).isEqualTo(new VttCues.Cue(13_000, 14_000, "sprite-0.jpg", 480, 90, 160, 90));
    }

    @Test
    void tilesBeyondOneSheetGoOnTheNextAndTilesPastTheEndAreDropped() throws Exception {
        List<RgbFrame> tiles = tiles(130, 90, 160);

        StoryboardBuilder.Files files = StoryboardBuilder.build(tiles, 2, 251);

        // 251 s at one tile per 2 s is 126 tiles: 100 on the first sheet, 26 on the second.
        assertThat(files.sheets()).extracting(StoryboardBuilder.Sheet::name)
                .containsExactly("sprite-0.jpg", "sprite-1.jpg");
        assertThat(files.sheets().get(1).height()).isEqualTo(3 * 160);
        List<VttCues.Cue> cues = VttCues.parse(files.vtt());
        assertThat(cues).hasSize(126);
        assertCoverWithoutGaps(cues, 251_000);
        assertInsideTheirSheets(cues, files.sheets());
        assertThat(cues.get(100).image()).isEqualTo("sprite-1.jpg");
        assertThat(cues.get(100).x()).isZero();
    }

    @Test
    void eachTileLandsWhereItsCueSays() throws Exception {
        List<RgbFrame> tiles = new ArrayList<>();
        int[] colours = {0xd02020, 0x20d020, 0x2020d0};
        for (int colour : colours) {
            tiles.add(solid(64, 36, colour));
        }

        StoryboardBuilder.Files files = StoryboardBuilder.build(tiles, 1, 0);

        BufferedImage sheet = TestFrames.decode(files.sheets().getFirst().jpeg());
        List<VttCues.Cue> cues = VttCues.parse(files.vtt());
        for (int i = 0; i < colours.length; i++) {
            VttCues.Cue cue = cues.get(i);
            int rgb = sheet.getRGB(cue.x() + cue.width() / 2, cue.y() + cue.height() / 2);
            for (int shift = 0; shift <= 16; shift += 8) {
                assertThat((rgb >> shift) & 0xff).as("tile %d channel %d", i, shift)
                        .isCloseTo((colours[i] >> shift) & 0xff, org.assertj.core.data.Offset.offset(24));
            }
        }
        assertThat(cues.getLast().endMs()).as("unknown duration: the last cue lasts one step").isEqualTo(3_000);
    }

    @Test
    void tilesOfDifferentSizesOrNoTilesAreRefused() {
        assertThatThrownBy(() -> StoryboardBuilder.build(List.of(solid(16, 9, 0), solid(9, 16, 0)), 1, 2))
                .hasMessageContaining("16x9 and 9x16");
        assertThatThrownBy(() -> StoryboardBuilder.build(List.of(), 1, 2)).hasMessageContaining("at least one");
    }

    @Test
    void timestampsAreHoursMinutesSecondsAndMilliseconds() {
        assertThat(StoryboardBuilder.timestamp(0)).isEqualTo("00:00:00.000");
        assertThat(StoryboardBuilder.timestamp(3725.5)).isEqualTo("01:02:05.500");
    }

    /** Consecutive, non-empty cues from zero to the end of the video. */
    static void assertCoverWithoutGaps(List<VttCues.Cue> cues, long durationMs) {
        assertThat(cues.getFirst().startMs()).isZero();
        for (int i = 0; i < cues.size(); i++) {
            assertThat(cues.get(i).endMs()).as("cue %d ends after it starts", i).isGreaterThan(cues.get(i).startMs());
            if (i > 0) {
                assertThat(cues.get(i).startMs()).as("cue %d starts where %d ends", i, i - 1)
                        .isEqualTo(cues.get(i - 1).endMs());
            }
        }
        assertThat(cues.getLast().endMs()).isEqualTo(durationMs);
    }

    private static void assertInsideTheirSheets(List<VttCues.Cue> cues, List<StoryboardBuilder.Sheet> sheets)
            throws Exception {
        Map<String, BufferedImage> decoded = new HashMap<>();
        for (StoryboardBuilder.Sheet sheet : sheets) {
            BufferedImage image = TestFrames.decode(sheet.jpeg());
            assertThat(image.getWidth()).isEqualTo(sheet.width());
            assertThat(image.getHeight()).isEqualTo(sheet.height());
            decoded.put(sheet.name(), image);
        }
        for (VttCues.Cue cue : cues) {
            BufferedImage sheet = decoded.get(cue.image());
            assertThat(sheet).as("sheet of %s", cue).isNotNull();
            assertThat(cue.x() + cue.width()).as("right edge of %s", cue).isLessThanOrEqualTo(sheet.getWidth());
            assertThat(cue.y() + cue.height()).as("bottom edge of %s", cue).isLessThanOrEqualTo(sheet.getHeight());
        }
    }

    private static List<RgbFrame> tiles(int count, int width, int height) {
        RgbFrame tile = RgbFrame.of(TestFrames.detailed(width, height));
        List<RgbFrame> tiles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tiles.add(tile);
        }
        return tiles;
    }

    private static RgbFrame solid(int width, int height, int rgb) {
        byte[] pixels = new byte[width * height * 3];
        for (int i = 0; i < pixels.length; i += 3) {
            pixels[i] = (byte) (rgb >> 16);
            pixels[i + 1] = (byte) (rgb >> 8);
            pixels[i + 2] = (byte) rgb;
        }
        return new RgbFrame(width, height, pixels);
    }
}

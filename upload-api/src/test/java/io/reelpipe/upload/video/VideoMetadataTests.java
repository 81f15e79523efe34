package io.reelpipe.upload.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.upload.web.ApiException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VideoMetadataTests {

    @Test
    void hashtagsComeFromTheDescriptionAndTheExplicitFieldLowerCasedAndOnce() {
        VideoMetadata metadata = VideoMetadata.of(Map.of(
                "description", "Sunset at the beach #Travel #sunset_2025 and #travel again",
                "hashtags", "#Beach, summer travel"));

        assertThat(metadata.hashtags()).containsExactly("beach", "summer", "travel", "sunset_2025");
    }

    @Test
    void seriesNeedsAPositionAndBothMustBeValid() {
        String series = UUID.randomUUID().toString();
        assertThat(VideoMetadata.of(Map.of("seriesId", series, "seriesPosition", "3")).seriesPosition()).isEqualTo(3);
        for (Map<String, String> bad : java.util.List.of(Map.of("seriesId", series), Map.of("seriesPosition", "2"),
                Map.of("seriesId", series, "seriesPosition", "0"), Map.of("seriesId", "x", "seriesPosition", "1"),
                Map.of("seriesId", series, "seriesPosition", "1.5"))) {
            assertThatThrownBy(() -> VideoMetadata.of(bad)).as("%s", bad).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void theCreatorMayChooseThePosterFrameInMilliseconds() {
        assertThat(VideoMetadata.of(Map.of("posterAtMs", "1500")).posterAtMs()).isEqualTo(1500L);
        assertThat(VideoMetadata.of(Map.of()).posterAtMs()).isNull();
        for (String bad : java.util.List.of("-1", "1.5", "soon", "99999999999")) {
            assertThatThrownBy(() -> VideoMetadata.of(Map.of("posterAtMs", bad))).as(bad)
                    .hasMessageContaining("posterAtMs");
        }
    }

    @Test
    void fieldsAClientMayNotSetAndBadValuesAreRefusedWithTheFieldsName() {
        for (String field : java.util.List.of("status", "ownerId", "owner_id", "likeCount", "viewCount", "id")) {
            assertThatThrownBy(() -> VideoMetadata.of(Map.of(field, "x")))
                    .hasMessageContaining("unknown field '" + field + "'");
        }
        assertThatThrownBy(() -> VideoMetadata.of(Map.of("title", "a\u0000b"))).hasMessageContaining("title");
        assertThatThrownBy(() -> VideoMetadata.of(Map.of("title", "evil\u202Etxt"))).hasMessageContaining("title");
        assertThatThrownBy(() -> VideoMetadata.of(Map.of("hashtags", "ok, not-ok"))).hasMessageContaining("not-ok");
        assertThatThrownBy(() -> VideoMetadata.of(Map.of("soundId", "1234"))).hasMessageContaining("soundId");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 31; i++) {
            many.append("#t").append(i).append(' ');
        }
        assertThatThrownBy(() -> VideoMetadata.of(Map.of("description", many.toString())))
                .hasMessageContaining("at most 30 hashtags");
    }
}

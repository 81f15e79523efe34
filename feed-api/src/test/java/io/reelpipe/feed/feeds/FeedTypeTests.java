package io.reelpipe.feed.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.feed.web.ApiException;
import io.reelpipe.feed.web.PageCursor;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class FeedTypeTests {

    @Test
    void theFourTypesOfTheFeedEndpointAreParsedFromTheirLowerCaseNames() {
        assertThat(FeedType.parse("for_you")).isEqualTo(FeedType.FOR_YOU);
        assertThat(FeedType.parse("following")).isEqualTo(FeedType.FOLLOWING);
        assertThat(FeedType.parse("trending")).isEqualTo(FeedType.TRENDING);
        assertThat(FeedType.parse("latest")).isEqualTo(FeedType.LATEST);
    }

    @Test
    void aTypeWithAPathOfItsOwnIsABadRequestPointingToThatPath() {
        assertThatThrownBy(() -> FeedType.parse("hashtag"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.code()).isEqualTo("unknown_feed_type");
                })
                .hasMessageContaining("'hashtag'")
                .hasMessageContaining("/v1/hashtags/{tag}/videos")
                .hasMessageContaining("supported here: for_you, following, trending, latest");
    }

    @Test
    void anUnknownTypeIsABadRequestNamingTheValue() {
        assertThatThrownBy(() -> FeedType.parse("LATEST"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("unknown_feed_type"))
                .hasMessageContaining("'LATEST'");
    }

    @Test
    void aHugeValueIsCutShortInTheMessage() {
        assertThatThrownBy(() -> FeedType.parse("x".repeat(10_000)))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void rankedFeedsPageByPositionTimeFeedsByTimeAndSearchByRank() {
        assertThat(FeedType.FOR_YOU.keyset()).isEqualTo(PageCursor.Keyset.POSITION);
        assertThat(FeedType.SERIES.keyset()).isEqualTo(PageCursor.Keyset.POSITION);
        assertThat(FeedType.FOLLOWING.keyset()).isEqualTo(PageCursor.Keyset.TIME);
        assertThat(FeedType.SEARCH.keyset()).isEqualTo(PageCursor.Keyset.RANK);
    }
}

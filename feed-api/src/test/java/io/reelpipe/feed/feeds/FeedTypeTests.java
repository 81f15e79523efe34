package io.reelpipe.feed.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.feed.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class FeedTypeTests {

    @Test
    void latestIsParsedFromItsLowerCaseName() {
        assertThat(FeedType.parse("latest")).isEqualTo(FeedType.LATEST);
    }

    @Test
    void aPlannedTypeIsABadRequestThatSaysItIsNotAvailableYet() {
        assertThatThrownBy(() -> FeedType.parse("for_you"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.code()).isEqualTo("unsupported_feed_type");
                })
                .hasMessageContaining("'for_you'")
                .hasMessageContaining("not available yet")
                .hasMessageContaining("supported: latest");
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
}

package io.reelpipe.feed.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrendingPagesTests {

    @Test
    void aFirstPageQueryGivesItsLimitAndNoQueryTheDefault() {
        assertThat(TrendingPages.firstPageLimit(null)).isEqualTo(20);
        assertThat(TrendingPages.firstPageLimit("")).isEqualTo(20);
        assertThat(TrendingPages.firstPageLimit("limit=7")).isEqualTo(7);
        assertThat(TrendingPages.firstPageLimit("limit=50")).isEqualTo(50);
    }

    @Test
    void anythingElseIsLeftToTheController() {
        assertThat(TrendingPages.firstPageLimit("limit=0")).isZero();
        assertThat(TrendingPages.firstPageLimit("limit=51")).isZero();
        assertThat(TrendingPages.firstPageLimit("limit=123")).isZero();
        assertThat(TrendingPages.firstPageLimit("limit=ten")).isZero();
        assertThat(TrendingPages.firstPageLimit("limit=5&cursor=abc")).isZero();
        assertThat(TrendingPages.firstPageLimit("cursor=abc")).isZero();
    }
}

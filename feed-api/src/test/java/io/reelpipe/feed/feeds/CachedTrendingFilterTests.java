package io.reelpipe.feed.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CachedTrendingFilterTests {

    @Test
    void aFirstPageQueryGivesItsLimitAndNoQueryTheDefault() {
        assertThat(CachedTrendingFilter.firstPageLimit(null)).isEqualTo(20);
        assertThat(CachedTrendingFilter.firstPageLimit("")).isEqualTo(20);
        assertThat(CachedTrendingFilter.firstPageLimit("limit=7")).isEqualTo(7);
        assertThat(CachedTrendingFilter.firstPageLimit("limit=50")).isEqualTo(50);
    }

    @Test
    void anythingElseIsLeftToTheController() {
        assertThat(CachedTrendingFilter.firstPageLimit("limit=0")).isZero();
        assertThat(CachedTrendingFilter.firstPageLimit("limit=51")).isZero();
        assertThat(CachedTrendingFilter.firstPageLimit("limit=123")).isZero();
        assertThat(CachedTrendingFilter.firstPageLimit("limit=ten")).isZero();
        assertThat(CachedTrendingFilter.firstPageLimit("limit=5&cursor=abc")).isZero();
        assertThat(CachedTrendingFilter.firstPageLimit("cursor=abc")).isZero();
    }
}

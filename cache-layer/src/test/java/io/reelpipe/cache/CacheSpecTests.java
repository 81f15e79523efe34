package io.reelpipe.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheSpecTests {

    private static final Duration TTL = Duration.ofSeconds(1);

    @Test
    void aValidSpecKeepsItsValuesAndOfUsesTheDefaultJitter() {
        CacheSpec spec = CacheSpec.of("feed-latest", TTL, TTL.multipliedBy(5), 1000);

        assertThat(spec.name()).isEqualTo("feed-latest");
        assertThat(spec.jitter()).isEqualTo(CacheSpec.DEFAULT_JITTER);
    }

    @Test
    void namesThatWouldBreakRedisKeysOrMetricTagsAreRejected() {
        for (String bad : new String[] {null, "", "Feed", "feed latest", "feed:latest", "-feed", "a".repeat(65)}) {
            assertThatIllegalArgumentException().isThrownBy(() -> CacheSpec.of(bad, TTL, TTL, 1))
                    .withMessageContaining("cache name");
        }
    }

    @Test
    void missingZeroOrNegativeTtlsAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> CacheSpec.of("c", null, TTL, 1))
                .withMessageContaining("l1Ttl");
        assertThatIllegalArgumentException().isThrownBy(() -> CacheSpec.of("c", TTL, Duration.ZERO, 1))
                .withMessageContaining("l2Ttl");
        assertThatIllegalArgumentException().isThrownBy(() -> CacheSpec.of("c", TTL.negated(), TTL, 1))
                .withMessageContaining("l1Ttl");
    }

    @Test
    void aSizeBelowOneAndAJitterOutsideZeroToOneAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> CacheSpec.of("c", TTL, TTL, 0))
                .withMessageContaining("maxSize");
        assertThatIllegalArgumentException().isThrownBy(() -> new CacheSpec("c", TTL, TTL, 1, 1.0))
                .withMessageContaining("jitter");
        assertThatIllegalArgumentException().isThrownBy(() -> new CacheSpec("c", TTL, TTL, 1, Double.NaN))
                .withMessageContaining("jitter");
    }

    @Test
    void staleAndNegativeTtlsDefaultToOffAndMustNotBeNegative() {
        CacheSpec spec = CacheSpec.of("c", TTL, TTL, 1);

        assertThat(spec.staleTtl()).isZero();
        assertThat(spec.negativeTtl()).isZero();
        assertThat(spec.withStaleTtl(TTL).withNegativeTtl(TTL.multipliedBy(2)).negativeTtl()).isEqualTo(TTL.multipliedBy(2));
        assertThatIllegalArgumentException().isThrownBy(() -> spec.withStaleTtl(TTL.negated()))
                .withMessageContaining("staleTtl");
        assertThatIllegalArgumentException().isThrownBy(() -> spec.withNegativeTtl(null))
                .withMessageContaining("negativeTtl");
    }
}

package io.reelpipe.feed.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.feed.web.ApiException;
import org.junit.jupiter.api.Test;

class SearchTermsTests {

    @Test
    void everyWordMustMatchAsAPrefix() {
        assertThat(SearchTerms.tsquery("Cat Vid")).isEqualTo("'cat':* & 'vid':*");
    }

    @Test
    void oneLetterWordsMatchExactlyAndPunctuationSeparates() {
        assertThat(SearchTerms.tsquery("a b-side_mix!")).isEqualTo("'a' & 'b' & 'side':* & 'mix':*");
    }

    @Test
    void operatorsAndQuotesNeverReachTheQuery() {
        assertThat(SearchTerms.tsquery("x' | !y & (z)")).isEqualTo("'x' & 'y' & 'z'");
    }

    @Test
    void lettersOfAnyScriptAreWords() {
        assertThat(SearchTerms.tsquery("Café 東京")).isEqualTo("'café':* & '東京':*");
    }

    @Test
    void atMostEightWordsAreUsed() {
        assertThat(SearchTerms.tsquery("a1 b2 c3 d4 e5 f6 g7 h8 i9 j10").split(" & ")).hasSize(8);
    }

    @Test
    void blankTooLongOrWordlessTextIsABadRequest() {
        assertThatThrownBy(() -> SearchTerms.tsquery("  ")).isInstanceOf(ApiException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> SearchTerms.tsquery("x".repeat(201))).isInstanceOf(ApiException.class)
                .hasMessageContaining("201");
        assertThatThrownBy(() -> SearchTerms.tsquery("?!")).isInstanceOf(ApiException.class)
                .hasMessageContaining("no letters");
    }
}

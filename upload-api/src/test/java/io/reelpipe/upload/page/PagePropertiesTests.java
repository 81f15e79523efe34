package io.reelpipe.upload.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class PagePropertiesTests {

    @Test
    void defaultsPointAtTheLocalFeedApiWithEightMegabyteChunks() {
        PageProperties properties = new PageProperties(null, null);

        assertThat(properties.feedApiBase()).isEqualTo("http://127.0.0.1:8082");
        assertThat(properties.uploadChunkSize()).isEqualTo(DataSize.ofMegabytes(8));
    }

    @Test
    void theFeedApiBaseLosesItsTrailingSlashAndKeepsItsPath() {
        assertThat(new PageProperties(URI.create("https://api.example.com/feed/"), null).feedApiBase())
                .isEqualTo("https://api.example.com/feed");
        assertThat(PageProperties.origin(URI.create("https://api.example.com:8443/feed/"))).isEqualTo(
                "https://api.example.com:8443");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://feed.example.com", "https://user:pw@feed.example.com", "https://feed.example.com/?a=b",
            "https://feed.example.com/#x", "/relative"})
    void aFeedApiUrlThatIsNotAPlainHttpUrlIsRefusedNamingIt(String url) {
        assertThatIllegalArgumentException().isThrownBy(() -> new PageProperties(URI.create(url), null))
                .withMessageContaining("reelpipe.page.feed-api-url").withMessageContaining(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1KB", "1GB"})
    void aChunkSizeOutsideSixtyFourKilobytesToHalfAGigabyteIsRefused(String size) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PageProperties(null, DataSize.parse(size)))
                .withMessageContaining("reelpipe.page.upload-chunk-size");
    }
}

package io.reelpipe.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StorageKeysTests {

    private final UUID video = UUID.fromString("0b7e8f5e-44a4-4d4c-9a3e-1c2d3e4f5a6b");

    @Test
    void outputsAreVersionedByAttemptSoTwoAttemptsNeverShareAKey() {
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            prefixes.add(StorageKeys.hlsPrefix(video, StorageKeys.newAttempt()));
        }
        assertThat(prefixes).hasSize(1000);
        assertThat(StorageKeys.hlsPrefix(video, "abcdef0123456789"))
                .isEqualTo("hls/0b7e8f5e-44a4-4d4c-9a3e-1c2d3e4f5a6b/abcdef0123456789/");
        assertThat(StorageKeys.imagePrefix(video, "abcdef0123456789")).startsWith("img/" + video + "/");
        assertThat(StorageKeys.source(video)).isEqualTo("src/" + video + "/original");
    }

    @Test
    void anAttemptIdThatCouldEscapeItsPrefixIsRefused() {
        for (String attempt : new String[] {"../../etc", "", "ABC", "a/b", null}) {
            assertThatThrownBy(() -> StorageKeys.hlsPrefix(video, attempt)).as(String.valueOf(attempt))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void publicUrlsGoThroughTheCdnEdgeWithPathStyleBuckets() {
        StorageProperties properties = new StorageProperties(URI.create("http://127.0.0.1:9000"), null, "media",
                "k", "s", URI.create("http://cdn.example"), Duration.ofSeconds(5));

        assertThat(properties.publicUrl("hls/v/a/master.m3u8")).isEqualTo("http://cdn.example/media/hls/v/a/master.m3u8");
    }

    @Test
    void badStorageSettingsFailAtStartUpNamingTheValue() {
        assertThatThrownBy(() -> new StorageProperties(null, null, "Bad_Bucket", "k", "s", URI.create("http://cdn"),
                null)).hasMessageContaining("'Bad_Bucket'");
        assertThatThrownBy(() -> new StorageProperties(null, null, "media", "k", "s", URI.create("relative"), null))
                .hasMessageContaining("'relative'");
    }
}

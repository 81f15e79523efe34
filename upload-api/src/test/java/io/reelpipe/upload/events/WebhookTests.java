package io.reelpipe.upload.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookTests {

    @Test
    void theSignatureIsAnHmacSha256OverTheTimestampAndTheBody() {
        // The header is t and the hex HMAC of "t.body"; the HMAC itself matches the well-known test vector below.
        assertThat(WebhookSignature.header("whsec_test", 1_700_000_000L, "{\"a\":1}"))
                .isEqualTo("t=1700000000,v1=" + WebhookSignature.hmac("whsec_test", "1700000000.{\"a\":1}"));
        assertThat(WebhookSignature.hmac("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void retriesBackOffExponentiallyUpToTheCap() {
        WebhookProperties properties = new WebhookProperties(null, Duration.ofSeconds(10), Duration.ofMinutes(5),
                null, null, null, null);

        assertThat(properties.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(properties.backoff(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(properties.backoff(50)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void endpointsOnPrivateAddressesAreRefusedUnlessAllowed() {
        WebhookTargets strict = new WebhookTargets(new WebhookProperties(null, null, null, null, null, false, null));
        WebhookTargets lax = new WebhookTargets(new WebhookProperties(null, null, null, null, null, true, null));

        for (String url : java.util.List.of("http://127.0.0.1/x", "http://10.1.2.3/", "http://169.254.169.254/latest",
                "http://[::1]/", "http://192.168.0.1/", "http://0.0.0.0/")) {
            assertThat(strict.refusal(url)).as(url).isEqualTo("url resolves to a private address");
        }
        assertThat(lax.refusal("http://127.0.0.1/x")).isNull();
        assertThat(strict.refusal("file:///etc/passwd")).isNotNull();
        assertThat(strict.refusal("http://user:pw@8.8.8.8/")).isNotNull();
    }
}

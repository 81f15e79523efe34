package io.reelpipe.upload.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery: {@code ReelPipe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} where the
 * HMAC is keyed with the endpoint's secret over {@code "<t>.<body>"}. Signing the timestamp with the body lets a
 * receiver refuse replays older than its tolerance; docs/api.md gives the verification recipe.
 */
public final class WebhookSignature {

    private WebhookSignature() {}

    /** The header value for {@code body} sent at {@code timestamp}. */
    public static String header(String secret, long timestamp, String body) {
        return "t=" + timestamp + ",v1=" + hmac(secret, timestamp + "." + body);
    }

    /** Hex HMAC-SHA256 of {@code text} keyed with {@code secret}. */
    public static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no HmacSHA256", e);
        }
    }
}

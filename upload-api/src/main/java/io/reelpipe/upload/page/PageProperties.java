package io.reelpipe.upload.page;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The web page upload-api serves at {@code /} (creators upload and watch, viewers browse the feed), bound from
 * {@code reelpipe.page.*}.
 *
 * @param feedApiUrl      where the page's browser reaches feed-api (its origin must be in feed-api's
 *                        {@code reelpipe.cors.allowed-origins}); http(s), no query or fragment
 * @param uploadChunkSize the body of one tus {@code PATCH}: a failed request resends at most this much
 */
@ConfigurationProperties("reelpipe.page")
public record PageProperties(URI feedApiUrl, DataSize uploadChunkSize) {

    private static final DataSize MIN_CHUNK = DataSize.ofKilobytes(64);
    private static final DataSize MAX_CHUNK = DataSize.ofMegabytes(512);

    public PageProperties {
        feedApiUrl = feedApiUrl == null ? URI.create("http://127.0.0.1:8082") : feedApiUrl;
        uploadChunkSize = uploadChunkSize == null ? DataSize.ofMegabytes(8) : uploadChunkSize;
        String scheme = feedApiUrl.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || feedApiUrl.getHost() == null
                || feedApiUrl.getRawQuery() != null || feedApiUrl.getRawFragment() != null
                || feedApiUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("reelpipe.page.feed-api-url must be an http(s) URL without credentials, "
                    + "query or fragment, got '" + feedApiUrl + "'");
        }
        if (uploadChunkSize.compareTo(MIN_CHUNK) < 0 || uploadChunkSize.compareTo(MAX_CHUNK) > 0) {
            throw new IllegalArgumentException("reelpipe.page.upload-chunk-size must be from 64KB to 512MB, got "
                    + uploadChunkSize);
        }
    }

    /** The feed-api base URL without a trailing slash, as the page joins paths to it. */
    String feedApiBase() {
        String url = feedApiUrl.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Scheme, host and port of {@code url}: what a Content-Security-Policy source names. */
    static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }
}

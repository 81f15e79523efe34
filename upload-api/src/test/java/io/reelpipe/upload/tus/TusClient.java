package io.reelpipe.upload.tus;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** A bare tus client over the JDK HTTP client, so tests can send exactly the headers (and mistakes) they mean. */
final class TusClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;
    private final Map<String, String> extra = new LinkedHashMap<>();

    TusClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A copy that sends {@code header: value} too (or drops the header when value is null). */
    TusClient with(String header, String value) {
        TusClient copy = new TusClient(base, token);
        copy.extra.putAll(extra);
        copy.extra.put(header, value);
        return copy;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Tus-Resumable", "1.0.0");
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        headers.putAll(extra);
        headers.forEach((name, value) -> {
            if (value != null) {
                builder.header(name, value);
            }
        });
        return builder;
    }

    HttpResponse<String> create(long length, String metadata) throws IOException, InterruptedException {
        HttpRequest.Builder builder = request("/v1/uploads").header("Upload-Length", Long.toString(length))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (metadata != null) {
            builder.header("Upload-Metadata", metadata);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A creation with the {@code Upload-Length} header exactly as given (absent when null). */
    HttpResponse<String> createRaw(String length, String metadata) throws IOException, InterruptedException {
        HttpRequest.Builder builder = request("/v1/uploads").POST(HttpRequest.BodyPublishers.noBody());
        if (length != null) {
            builder.header("Upload-Length", length);
        }
        if (metadata != null) {
            builder.header("Upload-Metadata", metadata);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> createWithUpload(long length, byte[] first) throws IOException, InterruptedException {
        return http.send(request("/v1/uploads").header("Upload-Length", Long.toString(length))
                .header("Content-Type", "application/offset+octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(first)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> head(String location) throws IOException, InterruptedException {
        return http.send(request(location).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> patch(String location, long offset, byte[] bytes, int from, int length)
            throws IOException, InterruptedException {
        return patch(location, offset, HttpRequest.BodyPublishers.ofByteArray(bytes, from, length));
    }

    HttpResponse<String> patch(String location, long offset, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        return patch(location, Long.toString(offset), body);
    }

    /** A PATCH with the {@code Upload-Offset} header exactly as given. */
    HttpResponse<String> patchWithOffsetHeader(String location, String offset, byte[] bytes, int from, int length)
            throws IOException, InterruptedException {
        return patch(location, offset, HttpRequest.BodyPublishers.ofByteArray(bytes, from, length));
    }

    private HttpResponse<String> patch(String location, String offset, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(location).method("PATCH", body);
        if (!extra.containsKey("Content-Type")) {
            builder.header("Content-Type", "application/offset+octet-stream");
        }
        if (!offset.isEmpty()) {
            builder.header("Upload-Offset", offset);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> patchStream(String location, long offset, Supplier<InputStream> body)
            throws IOException, InterruptedException {
        return patch(location, offset, HttpRequest.BodyPublishers.ofInputStream(body));
    }

    /** A POST to the upload, for {@code X-HTTP-Method-Override}. */
    HttpResponse<String> postTo(String location, long offset, byte[] bytes) throws IOException, InterruptedException {
        return http.send(request(location).header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Offset", Long.toString(offset))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String location) throws IOException, InterruptedException {
        return http.send(request(location).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> options() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/uploads"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code Upload-Metadata} from pairs. */
    static String metadata(String... pairs) {
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            header.append(header.isEmpty() ? "" : ",").append(pairs[i]).append(' ')
                    .append(Base64.getEncoder().encodeToString(pairs[i + 1].getBytes()));
        }
        return header.toString();
    }

    static String digest(String algorithm, byte[] bytes, int from, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            digest.update(bytes, from, length);
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

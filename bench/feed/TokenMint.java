import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * Makes a throw-away RSA key for a benchmark run, its public key as PEM (what feed-api verifies with), and one
 * RS256 bearer token per seeded user, line k for user {@code <prefix>-u<k>}: the same claims as {@code bin/reelpipe
 * token}, minted in-process because a Zipf request mix over 100,000 users needs them all.
 *
 *   java bench/feed/TokenMint.java DIR USERS PREFIX
 */
public final class TokenMint {

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        Path dir = Path.of(args[0]);
        int users = Integer.parseInt(args[1]);
        String prefix = args[2];
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key = generator.generateKeyPair();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("jwt-public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long now = Instant.now().getEpochSecond();
        Signature rsa = Signature.getInstance("SHA256withRSA");
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("tokens.txt"))) {
            for (int k = 1; k <= users; k++) {
                String claims = "{\"sub\":\"" + prefix + "-u" + k + "\",\"iss\":\"reelpipe-dev\",\"aud\":\"reelpipe\","
                        + "\"iat\":" + now + ",\"nbf\":" + (now - 5) + ",\"exp\":" + (now + 6 * 3600) + "}";
                String signed = header + "." + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
                rsa.initSign(key.getPrivate());
                rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
                out.write(signed + "." + url.encodeToString(rsa.sign()));
                out.newLine();
            }
        }
    }
}

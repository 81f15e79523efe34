package io.reelpipe.core.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The one definition of a valid ReelPipe bearer token, shared by every service that accepts one: a JWT signed with
 * RS256 (pinned: {@code none}, HMAC and other algorithms are refused) by the configured public key, with the
 * configured issuer, the configured audience among its {@code aud}, an expiry that has not passed (and a
 * {@code nbf} that has), and a subject that is a {@linkplain #isValidUserId valid user id}.
 *
 * <p>Needs {@code spring-security-oauth2-jose} on the class path (an optional dependency of pipeline-core).
 */
public final class BearerTokens {

    /** User ids as they appear in tokens, paths and the {@code profiles} table. */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    private BearerTokens() {}

    /** Whether {@code id} is a well-formed user id: 1-128 of {@code [A-Za-z0-9._@-]}, starting alphanumeric. */
    public static boolean isValidUserId(String id) {
        return id != null && USER_ID.matcher(id).matches();
    }

    /**
     * A decoder that accepts exactly the tokens described in the class comment.
     *
     * @throws IllegalArgumentException when the configured key file is not a PEM-encoded RSA public key
     * @throws UncheckedIOException     when it cannot be read
     */
    public static JwtDecoder decoder(JwtProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(readPublicKey(properties))
                .signatureAlgorithm(SignatureAlgorithm.RS256)
                .build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(
                "aud", aud -> aud != null && aud.contains(properties.audience()));
        OAuth2TokenValidator<Jwt> subject = jwt -> isValidUserId(jwt.getSubject())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(
                        new OAuth2Error("invalid_token", "subject is not a valid user id", null));
        OAuth2TokenValidator<Jwt> expiry = jwt -> jwt.getExpiresAt() != null
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token has no expiry", null));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuer()),
                audience,
                subject,
                expiry));
        return decoder;
    }

    private static RSAPublicKey readPublicKey(JwtProperties properties) {
        String pem;
        try {
            pem = Files.readString(properties.publicKey());
        } catch (IOException e) {
            throw new UncheckedIOException("reelpipe.jwt.public-key " + properties.publicKey() + " cannot be read", e);
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("reelpipe.jwt.public-key " + properties.publicKey()
                    + " is not a PEM-encoded RSA public key", e);
        }
    }
}

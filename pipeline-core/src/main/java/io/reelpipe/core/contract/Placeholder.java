package io.reelpipe.core.contract;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a feed paints before a poster arrives: a blurred impression of the poster and its dominant colour.
 *
 * @param blurhash      the poster as a <a href="https://blurha.sh">BlurHash</a> string (a few dozen characters)
 * @param dominantColor the poster's most common colour as {@code #rrggbb}
 */
public record Placeholder(String blurhash, String dominantColor) {

    private static final Pattern BLURHASH = Pattern.compile("[0-9A-Za-z#$%*+,\\-.:;=?@\\[\\]^_{|}~]{6,100}");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-f]{6}");

    public Placeholder {
        Objects.requireNonNull(blurhash, "blurhash");
        Objects.requireNonNull(dominantColor, "dominantColor");
        if (!BLURHASH.matcher(blurhash).matches()) {
            throw new IllegalArgumentException("not a blurhash: '" + blurhash + "'");
        }
        if (!COLOR.matcher(dominantColor).matches()) {
            throw new IllegalArgumentException("dominant colour must be #rrggbb in lower case, got '" + dominantColor + "'");
        }
    }
}

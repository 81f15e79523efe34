package io.reelpipe.feed.search;

import io.reelpipe.feed.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A search box's text turned into a PostgreSQL text-search query that matches as the user types: every word must
 * match, each as a prefix ({@code cat vid} finds "cat videos"), one-letter words exactly. Only letters and digits
 * survive, so the query can never be malformed or inject operators.
 */
final class SearchTerms {

    static final int MAX_LENGTH = 200;
    private static final int MAX_WORDS = 8;
    private static final int MAX_WORD = 64;
    /** Words as PostgreSQL's text-search parser splits them: letters and digits (an underscore separates). */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private SearchTerms() {}

    /**
     * The {@code to_tsquery('simple', ...)} text for {@code q}.
     *
     * @throws ApiException 400 {@code invalid_query} when {@code q} is blank, too long or has no word in it
     */
    static String tsquery(String q) {
        if (q == null || q.isBlank()) {
            throw ApiException.badRequest("invalid_query", "q must not be empty");
        }
        if (q.length() > MAX_LENGTH) {
            throw ApiException.badRequest("invalid_query",
                    "q must be at most " + MAX_LENGTH + " characters, got " + q.length());
        }
        List<String> terms = new ArrayList<>();
        Matcher words = WORD.matcher(q.toLowerCase(Locale.ROOT));
        while (words.find() && terms.size() < MAX_WORDS) {
            String word = words.group();
            if (word.length() > MAX_WORD) {
                word = word.substring(0, MAX_WORD);
            }
            terms.add(word.length() == 1 ? "'" + word + "'" : "'" + word + "':*");
        }
        if (terms.isEmpty()) {
            throw ApiException.badRequest("invalid_query",
                    "q " + ApiException.quote(q) + " has no letters or digits to search for");
        }
        return String.join(" & ", terms);
    }
}

package io.reelpipe.feed.social;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often a user may interact, bound from {@code reelpipe.feed.limits.*}; counted per user across all instances
 * (in Redis) in sliding windows.
 *
 * @param interactions likes, bookmarks, follows and blocks (and their undoing) per window; 120 by default
 * @param comments     comments per window; 20 by default
 * @param window       the window; one minute by default
 */
@ConfigurationProperties("reelpipe.feed.limits")
record RateLimitProperties(Integer interactions, Integer comments, Duration window) {

    RateLimitProperties {
        interactions = interactions == null ? 120 : interactions;
        comments = comments == null ? 20 : comments;
        window = window == null ? Duration.ofMinutes(1) : window;
        if (interactions < 1 || comments < 1) {
            throw new IllegalArgumentException("reelpipe.feed.limits.interactions and comments must be positive, got "
                    + interactions + " and " + comments);
        }
        if (window.toMillis() < 1000) {
            throw new IllegalArgumentException("reelpipe.feed.limits.window must be at least 1s, got " + window);
        }
    }
}

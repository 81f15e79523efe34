package io.reelpipe.feed.feeds;

import io.reelpipe.feed.web.ApiException;
import java.util.Arrays;
import java.util.List;

/** The feeds {@code GET /v1/feed} serves, by the name clients pass in {@code type}. */
enum FeedType {

    LATEST("latest");

    /** Types clients may already know from the API plan, answered with a clearer message than an unknown name. */
    private static final List<String> PLANNED = List.of("for_you", "following", "trending");

    private final String parameter;

    FeedType(String parameter) {
        this.parameter = parameter;
    }

    /**
     * The type named {@code value}.
     *
     * @throws ApiException 400 naming the value and the supported types
     */
    static FeedType parse(String value) {
        for (FeedType type : values()) {
            if (type.parameter.equals(value)) {
                return type;
            }
        }
        String supported = String.join(", ", Arrays.stream(values()).map(t -> t.parameter).toList());
        if (PLANNED.contains(value)) {
            throw ApiException.badRequest("unsupported_feed_type", "feed type " + ApiException.quote(value)
                    + " is not available yet (for_you, following and trending arrive with issue 5); supported: "
                    + supported);
        }
        throw ApiException.badRequest("unknown_feed_type",
                "unknown feed type " + ApiException.quote(value) + "; supported: " + supported);
    }
}

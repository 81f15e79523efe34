package io.reelpipe.feed.web;

/**
 * The JSON body of every error response of the feed API.
 *
 * @param error   a stable, machine-readable code such as {@code invalid_cursor}
 * @param message what was wrong, for a person, naming the offending value
 */
record ApiError(String error, String message) {}

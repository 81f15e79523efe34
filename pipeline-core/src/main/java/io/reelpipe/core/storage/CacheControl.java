package io.reelpipe.core.storage;

/** The {@code Cache-Control} values objects are written with; the CDN edge and players honour them. */
public final class CacheControl {

    /** Segments, init segments, images and final playlists: their keys are versioned, so they never change. */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** A playlist still being written (progressive publishing): players and the edge re-fetch it often. */
    public static final String LIVE_PLAYLIST = "public, max-age=1";

    /** Sources are never served by the edge. */
    public static final String PRIVATE = "private, no-store";

    private CacheControl() {}
}

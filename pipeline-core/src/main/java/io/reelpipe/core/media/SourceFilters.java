package io.reelpipe.core.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The filters that make any accepted source into plain progressive SDR BT.709 frames before scaling: deinterlacing
 * for interlaced sources and tone-mapping for HDR (PQ or HLG). Rotation is applied by ffmpeg's decoder already.
 * Shared by the ladder and the thumbnails, so a poster looks like the video.
 */
public final class SourceFilters {

    /**
     * HDR to SDR: linearise, convert primaries to BT.709, tone-map with Hable's curve (keeps highlights, no
     * desaturation shift), then BT.709 transfer and matrix in limited range, 8-bit 4:2:0.
     */
    static final String TONE_MAP = "zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,"
            + "tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p";

    /** Bob-weaver deinterlacing, one frame per frame, only frames marked interlaced. */
    static final String DEINTERLACE = "bwdif=mode=send_frame:parity=auto:deint=interlaced";

    private SourceFilters() {}

    /** The filter chain (possibly empty) for a video stream, comma-joined for a filter graph. */
    public static String forStream(MediaInfo.Stream video) {
        List<String> filters = new ArrayList<>();
        if (video.isInterlaced()) {
            filters.add(DEINTERLACE);
        }
        if (video.isHdr()) {
            filters.add(TONE_MAP);
        }
        return String.join(",", filters);
    }
}

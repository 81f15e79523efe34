package io.reelpipe.core.media;

import java.util.List;
import java.util.Optional;

/**
 * What ffprobe says about a source.
 *
 * @param formatName  the demuxer that read it
 * @param durationSec duration in seconds (0 when unknown)
 * @param bitRate     overall bit rate in bits per second (0 when unknown)
 * @param streams     every stream, in container order
 */
public record MediaInfo(String formatName, double durationSec, long bitRate, List<Stream> streams) {

    public MediaInfo {
        streams = List.copyOf(streams);
    }

    /**
     * One stream.
     *
     * @param index          stream index in the container
     * @param type           {@code video}, {@code audio}, {@code subtitle}, {@code data} or {@code attachment}
     * @param codec          codec name
     * @param width          coded width (video)
     * @param height         coded height (video)
     * @param rotation       display rotation in degrees, normalised to 0, 90, 180 or 270
     * @param frameRate      average frame rate (video), 0 when unknown
     * @param pixelFormat    pixel format (video)
     * @param colorTransfer  transfer characteristic (video), such as {@code smpte2084} for PQ
     * @param fieldOrder     {@code progressive}, {@code tt}, {@code bb}, ... (video)
     * @param bitRate        bit rate in bits per second, 0 when unknown
     * @param channels       audio channels
     * @param attachedPicture whether this video stream is cover art rather than video
     * @param sampleAspect   pixel aspect ratio (width of a pixel over its height), 1 for square pixels
     */
    public record Stream(
            int index,
            String type,
            String codec,
            int width,
            int height,
            int rotation,
            double frameRate,
            String pixelFormat,
            String colorTransfer,
            String fieldOrder,
            long bitRate,
            int channels,
            boolean attachedPicture,
            double sampleAspect) {

        public Stream {
            sampleAspect = sampleAspect > 0.01 && sampleAspect < 100 ? sampleAspect : 1.0;
        }

        /** A stream of square pixels. */
        public Stream(int index, String type, String codec, int width, int height, int rotation, double frameRate,
                String pixelFormat, String colorTransfer, String fieldOrder, long bitRate, int channels,
                boolean attachedPicture) {
            this(index, type, codec, width, height, rotation, frameRate, pixelFormat, colorTransfer, fieldOrder,
                    bitRate, channels, attachedPicture, 1.0);
        }

        /** Whether frames use a high-dynamic-range transfer (PQ or HLG) that must be tone-mapped for SDR. */
        public boolean isHdr() {
            return "smpte2084".equals(colorTransfer) || "arib-std-b67".equals(colorTransfer);
        }

        /** Whether frames are interlaced fields that must be deinterlaced. */
        public boolean isInterlaced() {
            return switch (fieldOrder) {
                case "tt", "bb", "tb", "bt" -> true;
                default -> false;
            };
        }

        public boolean isVideo() {
            return "video".equals(type) && !attachedPicture;
        }

        public boolean isAudio() {
            return "audio".equals(type);
        }

        /** Width as displayed: pixel aspect applied, then rotation. */
        public int displayWidth() {
            return rotation % 180 == 0 ? squareWidth() : height;
        }

        /** Height as displayed: pixel aspect applied, then rotation. */
        public int displayHeight() {
            return rotation % 180 == 0 ? height : squareWidth();
        }

        private int squareWidth() {
            return Math.max(1, (int) Math.round(width * sampleAspect));
        }
    }

    /** The first real video stream (not cover art). */
    public Optional<Stream> video() {
        return streams.stream().filter(Stream::isVideo).findFirst();
    }

    public Optional<Stream> audio() {
        return streams.stream().filter(Stream::isAudio).findFirst();
    }
}

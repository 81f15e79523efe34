package io.reelpipe.core.media;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;

/**
 * The ffmpeg and ffprobe executables of the {@code org.bytedeco:ffmpeg} GPL build (libx264, libx265, libsvtav1,
 * libwebp), extracted by JavaCPP into its cache on first use. Running {@code main} prints both paths, which is how the
 * shell tools find the same binaries the services use.
 *
 * @param ffmpeg  path of the ffmpeg executable
 * @param ffprobe path of the ffprobe executable
 */
public record FfmpegBinaries(Path ffmpeg, Path ffprobe) {

    private static volatile FfmpegBinaries bundled;

    /** The bundled GPL build; extraction happens once per JVM. */
    public static FfmpegBinaries bundled() {
        FfmpegBinaries result = bundled;
        if (result == null) {
            synchronized (FfmpegBinaries.class) {
                result = bundled;
                if (result == null) {
                    // The GPL build's natives sit under linux-x86_64-gpl/, which JavaCPP finds with this extension.
                    System.setProperty("org.bytedeco.javacpp.platform.extension", "-gpl");
                    Path ffmpeg = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
                    Path ffprobe = Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
                    result = new FfmpegBinaries(ffmpeg, ffprobe);
                    bundled = result;
                }
            }
        }
        return result;
    }

    public FfmpegBinaries {
        if (!Files.isExecutable(ffmpeg) || !Files.isExecutable(ffprobe)) {
            throw new IllegalStateException("ffmpeg or ffprobe is not executable: " + ffmpeg + ", " + ffprobe);
        }
    }

    /** Prints {@code FFMPEG=<path>} and {@code FFPROBE=<path>}. */
    public static void main(String[] args) {
        FfmpegBinaries binaries = bundled();
        System.out.println("FFMPEG=" + binaries.ffmpeg());
        System.out.println("FFPROBE=" + binaries.ffprobe());
    }
}

/**
 * The poster: one frame of the video, grabbed by the sandboxed ffmpeg, checked, resized with imgscalr and stored as
 * WebP and progressive JPEG in several widths.
 */
package io.reelpipe.thumbnail.poster;

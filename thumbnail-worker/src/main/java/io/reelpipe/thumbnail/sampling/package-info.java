/**
 * The single sandboxed ffmpeg pass over the source that yields every frame the image package needs, and the checked
 * readers of what it wrote.
 */
package io.reelpipe.thumbnail.sampling;

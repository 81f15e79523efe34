/**
 * The poster: the candidate frames scored (not black, white or flat, not blurred, not in a fade, colourful and
 * detailed), the best or the creator's choice resized with imgscalr and written as WebP and progressive JPEG in
 * several widths.
 */
package io.reelpipe.thumbnail.poster;

/** What a feed paints before the poster loads: a BlurHash of the poster and its dominant colour. */
package io.reelpipe.thumbnail.placeholder;

/** Scrub previews: storyboard tiles packed into sprite sheets, indexed by a WebVTT thumbnail track. */
package io.reelpipe.thumbnail.storyboard;

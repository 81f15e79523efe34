// Posters: the WebP and JPEG renditions of a video's thumbnail, offered to the browser as a <picture>.

/** A <picture> of the thumbnails nearest `width` (WebP first, JPEG as the fallback), or null without any. */
export function posterOf(thumbnails, width) {
  if (!Array.isArray(thumbnails) || thumbnails.length === 0) return null;
  const nearest = (format) => thumbnails
    .filter((t) => t.format === format)
    .sort((a, b) => Math.abs(a.width - width) - Math.abs(b.width - width))[0];
  const webp = nearest('webp');
  const jpeg = nearest('jpeg') ?? webp;
  const picture = document.createElement('picture');
  if (webp && webp !== jpeg) {
    const source = document.createElement('source');
    source.type = 'image/webp';
    source.srcset = webp.url;
    picture.append(source);
  }
  const img = document.createElement('img');
  img.src = jpeg.url;
  img.alt = '';
  img.loading = 'lazy';
  img.width = jpeg.width;
  img.height = jpeg.height;
  picture.append(img);
  return picture;
}

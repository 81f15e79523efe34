/**
 * HTTP caching helpers on top of the cache: {@link io.reelpipe.cache.http.CachedBody}, a response body stored with its
 * strong ETag so a cache hit answers both {@code 200} and {@code 304} without serializing or hashing again.
 */
package io.reelpipe.cache.http;

package io.reelpipe.cache;

import java.time.Duration;

/**
 * The shared store under the in-process tier, Redis in production. Any call may throw; {@link SecondTier} guards
 * them so a failing store never fails a request. An interface so unit tests can put a fake in its place.
 */
interface RemoteStore {

    /** The value under {@code key}, or {@code null} when there is none. */
    byte[] get(String key);

    void put(String key, byte[] value, Duration ttl);

    void delete(String key);
}

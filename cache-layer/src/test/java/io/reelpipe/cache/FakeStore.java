package io.reelpipe.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory {@link RemoteStore} that remembers each write's TTL and can be switched to failing. */
final class FakeStore implements RemoteStore {

    final Map<String, byte[]> values = new ConcurrentHashMap<>();
    final Map<String, Duration> ttls = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean failing;

    @Override
    public byte[] get(String key) {
        call();
        return values.get(key);
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        call();
        values.put(key, value);
        ttls.put(key, ttl);
    }

    @Override
    public void delete(String key) {
        call();
        values.remove(key);
        ttls.remove(key);
    }

    private void call() {
        calls.incrementAndGet();
        if (failing) {
            throw new IllegalStateException("redis is down (fake)");
        }
    }
}

package io.reelpipe.cache;

import java.time.Duration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * A {@link RemoteStore} on Redis: raw byte values under {@code <prefix><key>}, each written with its own TTL.
 */
final class RedisStore implements RemoteStore {

    private final RedisTemplate<String, byte[]> redis;
    private final String prefix;

    RedisStore(RedisConnectionFactory connectionFactory, String prefix) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connectionFactory);
        // No default (JDK) serializer: values go to Redis exactly as the loader produced them.
        template.setEnableDefaultSerializer(false);
        template.setKeySerializer(RedisSerializer.string());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        this.redis = template;
        this.prefix = prefix;
    }

    @Override
    public byte[] get(String key) {
        return redis.opsForValue().get(prefix + key);
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        redis.opsForValue().set(prefix + key, value, ttl);
    }

    @Override
    public void delete(String key) {
        redis.delete(prefix + key);
    }
}

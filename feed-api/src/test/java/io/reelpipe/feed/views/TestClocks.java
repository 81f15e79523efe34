package io.reelpipe.feed.views;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * Clocks tests move by hand. An application started with {@code test.views.clock} naming a clock made here stamps
 * views and plans maintenance with that clock ({@link Config} is found by the application's component scan, and
 * stays out unless the property is set).
 */
final class TestClocks {

    private static final Map<String, MovableClock> CLOCKS = new ConcurrentHashMap<>();

    private TestClocks() {}

    /** A clock at {@code start}, and the properties that give it to an application. */
    static MovableClock create(String name, Instant start) {
        MovableClock clock = new MovableClock(start);
        CLOCKS.put(name, clock);
        return clock;
    }

    static Map<String, Object> properties(String name) {
        return Map.of("test.views.clock", name);
    }

    /** A UTC clock that stands still until moved. */
    static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock stays in UTC");
        }
    }

    /** Puts the named test clock in front of the application's. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("test.views.clock")
    static class Config {

        @Bean
        @Primary
        Clock testClock(Environment environment) {
            String name = environment.getRequiredProperty("test.views.clock");
            MovableClock clock = CLOCKS.get(name);
            if (clock == null) {
                throw new IllegalStateException("no test clock " + name);
            }
            return clock;
        }
    }
}

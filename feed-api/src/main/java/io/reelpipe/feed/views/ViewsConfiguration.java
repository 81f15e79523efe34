package io.reelpipe.feed.views;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The view pipeline's clock and writer: group commit ({@code reelpipe.views.ingest-mode=batched}, the default) or one
 * transaction per view, the benchmark's baselines ({@code per-event}: counters updated per view; {@code
 * per-event-folded}: counters folded as in the batched mode).
 */
@Configuration(proxyBeanMethods = false)
class ViewsConfiguration {

    /** The time views are stamped with and maintenance plans by; tests put a clock of their own in front of it. */
    @Bean
    Clock viewsClock() {
        return Clock.systemUTC();
    }

    @Bean
    ViewWriter viewWriter(ViewStore store, ViewsProperties properties, MeterRegistry registry) {
        return switch (properties.ingestMode()) {
            case BATCHED -> new GroupCommitWriter(store::record, properties, registry);
            case PER_EVENT -> new PerEventWriter(store::recordDirect);
            case PER_EVENT_FOLDED -> new PerEventWriter(store::record);
        };
    }
}

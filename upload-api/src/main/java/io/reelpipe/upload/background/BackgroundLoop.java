package io.reelpipe.upload.background;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * A service that runs one loop on its own daemon thread while the application runs (the outbox relay, the webhook
 * dispatcher, the status notification listener): started with the context, stopped by clearing {@link #running()}
 * and interrupting the thread, which is given up to 10 s to finish what it is doing.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    private final String name;
    private volatile boolean running;
    private volatile Thread thread;

    protected BackgroundLoop(String name) {
        this.name = name;
    }

    /** The loop: runs until {@link #running()} is false or the thread is interrupted. */
    protected abstract void loop();

    protected final boolean running() {
        return running;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

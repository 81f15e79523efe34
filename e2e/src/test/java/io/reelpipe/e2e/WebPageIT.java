package io.reelpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.testkit.LocalServices;
import io.reelpipe.testkit.SampleMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web page in a real browser (headless chromium) against the whole pipeline: a creator uploads with tus and a
 * progress bar, follows the status live, watches the ladder with hls.js from the CDN edge and sees the thumbnails; a
 * viewer finds the video in the feed (feed-api, another origin), plays it, likes it and the view counts.
 */
class WebPageIT {

    private static final Duration READY_WITHIN = Duration.ofSeconds(180);

    @TempDir
    static Path dir;

    static LocalPipeline pipeline;
    Browser browser;

    @BeforeAll
    static void start() {
        pipeline = new LocalPipeline(dir.resolve("keys"), Map.of(
                "reelpipe.transcode.preset", "ultrafast",
                // Small tus chunks, so the 2.5 MB sample goes up in ten PATCHes and the bar moves in steps.
                "reelpipe.page.upload-chunk-size", "256KB"));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = new Browser();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    @Test
    void aCreatorUploadsWatchesTheLadderAndAViewerFindsItInTheFeedWhereTheViewCounts() throws Exception {
        String creator = LocalServices.uniqueName("web-creator");
        signIn(creator);
        Path source = SampleMedia.shared("internal_emulator_transformer_output_180_rotated.mp4");

        // Upload: every progress value the bar shows is recorded as it changes.
        browser.script("""
                window.progressSeen = [];
                new MutationObserver(() => progressSeen.push(document.getElementById('upload-progress').value))
                    .observe(document.getElementById('upload-percent'), {childList: true, subtree: true});
                """);
        byId("title").sendKeys("Seen in a browser");
        byId("file").sendKeys(source.toString());
        byId("upload-button").click();

        browser.waitUpTo(READY_WITHIN).until(d -> "READY".equals(byId("video-status").getDomAttribute("data-status"))
                || "FAILED".equals(byId("video-status").getDomAttribute("data-status")));
        assertThat(byId("video-status").getText()).isEqualTo("READY");
        List<Long> progress = browser.script("return window.progressSeen;");
        assertThat(progress).last().isEqualTo(100L);
        assertThat(progress).isSortedAccordingTo(Long::compare);
        assertThat(progress.stream().filter(p -> p > 0 && p < 100).distinct().count())
                .as("the bar stops between 0 and 100 percent several times: %s", progress)
                .isGreaterThanOrEqualTo(3);

        // Live status: the stream delivered the states in between, not only the final one.
        List<String> statuses = texts(By.cssSelector("#status-log li"), "data-status");
        assertThat(statuses).last().isEqualTo("READY");
        assertThat(statuses).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
        assertThat(statuses).containsAnyOf("PROCESSING", "PLAYABLE");

        // Playback with hls.js from the CDN edge: the whole ladder once READY (no upscaling past 720p), frames decoded.
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> String.valueOf(
                byId("studio-player").getDomAttribute("data-levels")).contains("720"));
        awaitPlaying("studio-player");
        String levels = byId("studio-player").getDomAttribute("data-levels");
        assertThat(levels.split(",")).contains("360", "720").allMatch(h -> Integer.parseInt(h) <= 720);
        assertThat((Boolean) browser.script("return window.Hls !== undefined && Hls.isSupported();")).isTrue();

        // Thumbnails: every image decoded, in both formats.
        List<WebElement> images = browser.driver.findElements(By.cssSelector("#thumbnails img"));
        assertThat(images).hasSizeGreaterThanOrEqualTo(4);
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> (Boolean) browser.script(
                "return [...document.querySelectorAll('#thumbnails img')].every(i => i.complete && i.naturalWidth > 0);"));
        assertThat(texts(By.cssSelector("#thumbnails figcaption"), null))
                .anyMatch(c -> c.startsWith("webp ")).anyMatch(c -> c.startsWith("jpeg "));

        // The viewer's side: the feed (feed-api, across origins), the player, a like and a counted view.
        String videoId = byId("video-state").getDomAttribute("data-video-id");
        byCss(".tab[data-tab=feed]").click();
        By card = By.cssSelector("#feed-items li[data-video-id='" + videoId + "']");
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> {
            if (!d.findElements(card).isEmpty()) {
                return true;
            }
            byId("feed-refresh").click();
            return false;
        });
        WebElement item = browser.driver.findElement(card);
        assertThat(item.findElement(By.cssSelector(".title")).getText()).isEqualTo("Seen in a browser");
        assertThat((Boolean) browser.script(
                "const img = arguments[0].querySelector('img'); return img.complete && img.naturalWidth > 0;", item))
                .as("the poster loaded").isTrue();
        WebElement like = item.findElement(By.cssSelector(".like"));
        like.click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "true".equals(like.getDomAttribute("aria-pressed")));
        assertThat(like.getText()).endsWith(" 1");

        item.findElement(By.cssSelector(".poster")).click();
        awaitPlaying("feed-player");
        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> byId("watch-view").getDomAttribute("data-result") != null);
        assertThat(byId("watch-view").getDomAttribute("data-result")).isEqualTo("counted");

        assertThat(browser.consoleErrors()).as("console errors (CSP violations, failed loads)").isEmpty();
    }

    @Test
    void aFileThatIsNotAVideoIsRefusedWithTheServersReasonAndThePageStaysUsable() throws Exception {
        signIn(LocalServices.uniqueName("web-bad"));
        Path junk = dir.resolve("holiday.mp4");
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        Files.write(junk, bytes);

        byId("file").sendKeys(junk.toString());
        byId("upload-button").click();

        browser.waitUpTo(Duration.ofSeconds(30)).until(d -> byId("upload-message").getText().startsWith("Upload failed"));
        String message = byId("upload-message").getText();
        assertThat(message).doesNotContain("HTTP 4").hasSizeGreaterThan("Upload failed: ".length() + 10);
        assertThat(byId("upload-button").isEnabled()).isTrue();
        assertThat(byId("video-state").isDisplayed()).isFalse();
        assertThat((Long) browser.script("return localStorage.length;")).as("no resume entry left behind").isZero();
    }

    @Test
    void aVisitorWhoIsNotSignedInIsAskedToSignInBeforeUploading() {
        browser.driver.get(pipeline.uploadApi + "/");
        awaitPageReady();
        assertThat(byId("signed-in-as").getText()).isEqualTo("Not signed in");
        assertThat(byId("sign-out").isDisplayed()).isFalse();

        byId("file").sendKeys(SampleMedia.shared("sample_portrait.mp4").toString());
        byId("upload-button").click();
        assertThat(byId("page-message").getText()).contains("Sign in first");

        byId("token").sendKeys("not-a-token");
        byCss("#sign-in button").click();
        assertThat(byId("page-message").getText()).contains("that is not a token");
        assertThat(byId("signed-in-as").getText()).isEqualTo("Not signed in");
    }

    private void signIn(String user) {
        // The token travels in the fragment, which the browser never sends to a server.
        browser.driver.get(pipeline.uploadApi + "/#token=" + pipeline.tokens.token(user));
        awaitPageReady();
        assertThat(byId("signed-in-as").getText()).isEqualTo("Signed in as " + user);
        assertThat(byId("sign-in").isDisplayed()).as("the sign-in form").isFalse();
        assertThat(byId("sign-out").isDisplayed()).isTrue();
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("token");
    }

    private void awaitPageReady() {
        browser.waitUpTo(Duration.ofSeconds(20)).until(d -> "true".equals(
                d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    private void awaitPlaying(String playerId) {
        browser.waitUpTo(Duration.ofSeconds(60)).until(d -> (Boolean) browser.script(
                "const v = document.getElementById(arguments[0]);"
                        + " return v.currentTime > 1 && v.videoWidth > 0 && v.readyState >= 2;", playerId));
    }

    private WebElement byId(String id) {
        return browser.driver.findElement(By.id(id));
    }

    private WebElement byCss(String css) {
        return browser.driver.findElement(By.cssSelector(css));
    }

    private List<String> texts(By by, String attribute) {
        List<String> texts = new ArrayList<>();
        for (WebElement e : browser.driver.findElements(by)) {
            texts.add(attribute == null ? e.getText() : e.getDomAttribute(attribute));
        }
        return texts;
    }
}

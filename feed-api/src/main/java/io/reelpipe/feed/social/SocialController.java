package io.reelpipe.feed.social;

import io.reelpipe.feed.auth.Viewer;
import io.reelpipe.feed.cache.FeedCaches;
import io.reelpipe.feed.social.Interactions.UserRelation;
import io.reelpipe.feed.social.Interactions.VideoList;
import io.reelpipe.feed.web.ApiException;
import io.reelpipe.feed.web.Ids;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Likes, bookmarks, follows and blocks: {@code PUT} adds, {@code DELETE} removes, both idempotent and answered with
 * {@code 204}. They need a bearer token, are rate limited per user, and drop the viewer's cached pages (and, for a
 * block, the blocked user's) on every instance so the next page shows the change. A video or user that is not there
 * for the viewer (unknown, private, or behind a block) is {@code 404}.
 */
@RestController
final class SocialController {

    private final Interactions interactions;
    private final RateLimiter limiter;
    private final FeedCaches caches;

    SocialController(Interactions interactions, RateLimiter limiter, FeedCaches caches) {
        this.interactions = interactions;
        this.limiter = limiter;
        this.caches = caches;
    }

    @PutMapping("/v1/videos/{id}/like")
    ResponseEntity<Void> like(@PathVariable UUID id, Viewer viewer) {
        return addVideo(VideoList.LIKES, id, viewer);
    }

    @DeleteMapping("/v1/videos/{id}/like")
    ResponseEntity<Void> unlike(@PathVariable UUID id, Viewer viewer) {
        return removeVideo(VideoList.LIKES, id, viewer);
    }

    @PutMapping("/v1/videos/{id}/bookmark")
    ResponseEntity<Void> bookmark(@PathVariable UUID id, Viewer viewer) {
        return addVideo(VideoList.BOOKMARKS, id, viewer);
    }

    @DeleteMapping("/v1/videos/{id}/bookmark")
    ResponseEntity<Void> unbookmark(@PathVariable UUID id, Viewer viewer) {
        return removeVideo(VideoList.BOOKMARKS, id, viewer);
    }

    @PutMapping("/v1/users/{id}/follow")
    ResponseEntity<Void> follow(@PathVariable String id, Viewer viewer) {
        return addUser(UserRelation.FOLLOWS, id, viewer);
    }

    @DeleteMapping("/v1/users/{id}/follow")
    ResponseEntity<Void> unfollow(@PathVariable String id, Viewer viewer) {
        return removeUser(UserRelation.FOLLOWS, id, viewer);
    }

    @PutMapping("/v1/users/{id}/block")
    ResponseEntity<Void> block(@PathVariable String id, Viewer viewer) {
        ResponseEntity<Void> done = addUser(UserRelation.BLOCKS, id, viewer);
        caches.viewerChanged(id);
        return done;
    }

    @DeleteMapping("/v1/users/{id}/block")
    ResponseEntity<Void> unblock(@PathVariable String id, Viewer viewer) {
        ResponseEntity<Void> done = removeUser(UserRelation.BLOCKS, id, viewer);
        caches.viewerChanged(id);
        return done;
    }

    private ResponseEntity<Void> addVideo(VideoList list, UUID video, Viewer viewer) {
        limiter.acquire(RateLimiter.Action.INTERACTION, viewer.id());
        if (!interactions.add(list, viewer.id(), video)) {
            throw ApiException.notFound("video_not_found", "no video " + video);
        }
        caches.viewerChanged(viewer.id());
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<Void> removeVideo(VideoList list, UUID video, Viewer viewer) {
        limiter.acquire(RateLimiter.Action.INTERACTION, viewer.id());
        interactions.remove(list, viewer.id(), video);
        caches.viewerChanged(viewer.id());
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<Void> addUser(UserRelation relation, String user, Viewer viewer) {
        requireOtherUser(user, viewer);
        limiter.acquire(RateLimiter.Action.INTERACTION, viewer.id());
        if (!interactions.add(relation, viewer.id(), user)) {
            throw ApiException.notFound("user_not_found", "no user " + ApiException.quote(user));
        }
        caches.viewerChanged(viewer.id());
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<Void> removeUser(UserRelation relation, String user, Viewer viewer) {
        requireOtherUser(user, viewer);
        limiter.acquire(RateLimiter.Action.INTERACTION, viewer.id());
        interactions.remove(relation, viewer.id(), user);
        caches.viewerChanged(viewer.id());
        return ResponseEntity.noContent().build();
    }

    private static void requireOtherUser(String user, Viewer viewer) {
        Ids.userId(user);
        if (user.equals(viewer.id())) {
            throw ApiException.badRequest("self_relation", "you cannot follow or block yourself");
        }
    }
}

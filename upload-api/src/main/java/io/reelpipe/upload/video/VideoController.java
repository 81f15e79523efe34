package io.reelpipe.upload.video;

import io.reelpipe.core.catalog.VideoCatalog;
import io.reelpipe.core.catalog.VideoRepresentation;
import io.reelpipe.upload.security.CurrentUser;
import io.reelpipe.upload.web.ApiException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The creator's view of their videos. A video of somebody else is "not found", whatever its visibility, so ids
 * cannot be probed.
 */
@RestController
class VideoController {

    private final VideoCatalog catalog;

    VideoController(VideoCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/v1/videos/{id}")
    ResponseEntity<VideoRepresentation> get(@PathVariable("id") UUID id, @AuthenticationPrincipal Jwt jwt) {
        CurrentUser user = CurrentUser.of(jwt);
        VideoRepresentation video = catalog.find(id)
                .filter(v -> v.ownerId().equals(user.id()))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "not_found", "no video " + id));
        return ResponseEntity.ok().header("Cache-Control", "private, no-store").body(video);
    }
}

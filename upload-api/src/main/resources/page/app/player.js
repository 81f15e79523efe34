// HLS playback with hls.js (Media Source Extensions), falling back to the browser's own HLS where hls.js cannot run.
// The player follows a playlist still being written (a PLAYABLE video) until its end.

const players = new WeakMap();

/**
 * Plays `hlsUrl` in `video` from `startAt` seconds, replacing what it played before. Writes the ladder's heights to
 * video.dataset.levels once the master playlist is read, and reports fatal errors to onError(message).
 */
export function play(video, hlsUrl, onError, startAt = -1) {
  stop(video);
  delete video.dataset.levels;
  const Hls = window.Hls;
  if (Hls && Hls.isSupported()) {
    const hls = new Hls({ enableWorker: true, lowLatencyMode: false, startPosition: startAt });
    players.set(video, hls);
    let recovered = false;
    hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => {
      video.dataset.levels = data.levels.map((level) => level.height).join(',');
      video.play().catch(() => undefined); // Autoplay may be refused until the viewer clicks play.
    });
    hls.on(Hls.Events.ERROR, (_, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
        recovered = true;
        hls.recoverMediaError();
        return;
      }
      onError(`playback failed: ${data.details}`);
      stop(video);
    });
    hls.loadSource(hlsUrl);
    hls.attachMedia(video);
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = hlsUrl;
    video.play().catch(() => undefined);
  } else {
    onError('this browser cannot play HLS (no Media Source Extensions)');
  }
}

/** Stops playback and releases the player. */
export function stop(video) {
  const hls = players.get(video);
  if (hls) {
    hls.destroy();
    players.delete(video);
  }
  video.removeAttribute('src');
}

/**
 * Measures how long a viewer watched a video: the sum of the media time that played forwards (seeks do not count),
 * so a view is reported by what was watched, not by how long the tab was open.
 */
export class WatchClock {
  constructor(video) {
    this.video = video;
    this.watchedMs = 0;
    this.last = null;
    video.addEventListener('timeupdate', () => this.#tick());
    video.addEventListener('seeking', () => { this.last = null; });
    video.addEventListener('emptied', () => { this.last = null; });
  }

  reset() {
    this.watchedMs = 0;
    this.last = null;
  }

  #tick() {
    const now = this.video.currentTime;
    if (this.last !== null && !this.video.paused && now > this.last && now - this.last < 1.5) {
      this.watchedMs += Math.round((now - this.last) * 1000);
    }
    this.last = now;
  }
}

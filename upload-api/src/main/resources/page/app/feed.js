// The viewer's side: a feed page from feed-api (keyset pages), a player, likes, and view events posted once the
// viewer has watched long enough to count (3 s, or half of a shorter video).
import { ApiError, requestJson, sleep } from './api.js';
import { play, stop, WatchClock } from './player.js';
import { authHeaders, user, viewSessionId } from './session.js';
import { posterOf } from './images.js';

const PAGE_SIZE = 12;
const VIEW_RESULTS = {
  counted: 'View counted.',
  duplicate: 'Already counted this hour.',
  too_short: 'Not counted: watched too briefly.',
  video_not_found: 'Not counted: the video is gone.',
  video_not_ready: 'Not counted: the video is not ready.',
};

export class FeedView {
  constructor(feedApi, elements) {
    this.feedApi = feedApi;
    this.el = elements;
    this.cursor = null;
    this.watching = null;
    this.clock = new WatchClock(elements.player);
    elements.player.addEventListener('timeupdate', () => this.#maybeReportView(false));
    elements.player.addEventListener('ended', () => this.#maybeReportView(true));
    elements.more.addEventListener('click', () => this.load(false));
    elements.refresh.addEventListener('click', () => this.load(true));
    elements.type.addEventListener('change', () => this.load(true));
  }

  /** Loads the first page (fresh) or the next one. */
  async load(fresh) {
    if (fresh) {
      this.cursor = null;
      this.el.items.replaceChildren();
    }
    const type = this.el.type.value;
    if (type === 'following' && !user()) {
      this.#message('Sign in to see the creators you follow.');
      this.el.more.hidden = true;
      return;
    }
    const query = new URLSearchParams({ type, limit: String(PAGE_SIZE) });
    if (this.cursor) query.set('cursor', this.cursor);
    this.#message('Loading…');
    try {
      const page = await requestJson(`${this.feedApi}/v1/feed?${query}`, { headers: authHeaders() });
      for (const item of page.items) this.el.items.append(this.#card(item));
      this.cursor = page.nextCursor;
      this.el.more.hidden = !page.nextCursor;
      this.#message(this.el.items.children.length === 0 ? 'Nothing here yet.' : '');
    } catch (e) {
      this.#message(`Could not load the feed: ${e.message}`);
    }
  }

  #card(item) {
    const li = document.createElement('li');
    li.dataset.videoId = item.id;
    const poster = document.createElement('button');
    poster.type = 'button';
    poster.className = 'poster';
    poster.setAttribute('aria-label', `Play ${item.title}`);
    if (item.placeholder && /^#[0-9a-fA-F]{6}$/.test(item.placeholder.dominantColor)) {
      poster.style.backgroundColor = item.placeholder.dominantColor;
    }
    const picture = posterOf(item.thumbnails, 320);
    if (picture) poster.append(picture);
    poster.addEventListener('click', () => this.watch(item));
    const title = document.createElement('strong');
    title.className = 'title';
    title.textContent = item.title;
    const meta = document.createElement('span');
    meta.className = 'meta';
    const creator = item.creator && (item.creator.handle || item.creator.displayName || item.creator.id);
    meta.textContent = `@${creator ?? item.ownerId} · ${item.stats.views} views`;
    li.append(poster, title, meta, this.#likeButton(item));
    return li;
  }

  #likeButton(item) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'like';
    let liked = Boolean(item.viewer && item.viewer.liked);
    let likes = item.stats.likes;
    const render = () => {
      button.setAttribute('aria-pressed', String(liked));
      button.textContent = `♥ ${likes}`;
    };
    render();
    button.addEventListener('click', async () => {
      if (!user()) {
        this.#message('Sign in to like videos.');
        return;
      }
      button.disabled = true;
      try {
        await requestJson(`${this.feedApi}/v1/videos/${encodeURIComponent(item.id)}/like`,
          { method: liked ? 'DELETE' : 'PUT', headers: authHeaders() });
        likes += liked ? -1 : 1;
        liked = !liked;
        render();
      } catch (e) {
        this.#message(`Could not ${liked ? 'unlike' : 'like'}: ${e.message}`);
      } finally {
        button.disabled = false;
      }
    });
    return button;
  }

  /** Plays a feed item; the one played before is reported first if it was watched enough. */
  watch(item) {
    this.#maybeReportView(true);
    this.watching = { item, reported: false };
    this.clock.reset();
    this.el.watch.hidden = false;
    this.el.title.textContent = item.title;
    this.el.view.textContent = '';
    delete this.el.view.dataset.result;
    this.el.playerMessage.hidden = true;
    play(this.el.player, item.hlsUrl, (message) => {
      this.el.playerMessage.textContent = message;
      this.el.playerMessage.hidden = false;
    });
  }

  /** Stops the player (leaving the tab). */
  pause() {
    this.#maybeReportView(true);
    stop(this.el.player);
  }

  #maybeReportView(leaving) {
    const watching = this.watching;
    if (!watching || watching.reported) return;
    const needed = Math.min(3000, watching.item.durationMs / 2);
    const watched = this.clock.watchedMs;
    if (watched < needed && !(leaving && watched > 0)) return;
    watching.reported = true;
    this.#postView(watching.item.id, watched, leaving);
  }

  async #postView(videoId, watchMs, leaving) {
    const body = { events: [{ videoId, watchMs: Math.min(watchMs, 3_600_000) }] };
    if (!user()) body.sessionId = viewSessionId();
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const answer = await requestJson(`${this.feedApi}/v1/views`,
          { method: 'POST', headers: authHeaders(), json: body, keepalive: leaving });
        const result = answer.results[0];
        if (this.watching && this.watching.item.id === videoId) {
          this.el.view.dataset.result = result;
          this.el.view.textContent = VIEW_RESULTS[result] ?? result;
        }
        return;
      } catch (e) {
        const retry = e instanceof ApiError && (e.status === 503 || e.status === 429 || e.status === 0);
        if (!retry || attempt === 2) {
          if (this.watching && this.watching.item.id === videoId) this.el.view.textContent = `View not sent: ${e.message}`;
          return;
        }
        await sleep(e.retryAfterMs ?? 1000 * (attempt + 1));
      }
    }
  }

  #message(text) {
    this.el.message.textContent = text;
  }
}

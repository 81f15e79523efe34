// The ReelPipe page: creators upload (tus, with a progress bar), follow the video's status live (server-sent events)
// and watch it with hls.js as soon as it is playable; viewers browse the feed. Every server answer shown here is
// written as text, never parsed as HTML.
import { ApiError, sleep } from './api.js';
import { readEvents } from './event-stream.js';
import { FeedView } from './feed.js';
import { posterOf } from './images.js';
import { play } from './player.js';
import * as session from './session.js';
import { TusUpload, UploadCancelled } from './tus-upload.js';

const $ = (id) => document.getElementById(id);
const TERMINAL = new Set(['READY', 'FAILED']);
const STREAM_RETRY_MS = [1000, 2000, 4000, 8000, 15000];

function showPageMessage(text) {
  $('page-message').textContent = text;
  $('page-message').hidden = !text;
}

async function loadSettings() {
  const response = await fetch('/app/settings.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`the page's settings did not load (HTTP ${response.status})`);
  return response.json();
}

// --- signing in --------------------------------------------------------------------------------------------------

function renderSession() {
  const user = session.user();
  $('signed-in-as').textContent = user ? `Signed in as ${user}` : 'Not signed in';
  $('sign-in').hidden = Boolean(user);
  $('sign-out').hidden = !user;
}

$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    session.signIn($('token').value);
    $('token').value = '';
    showPageMessage('');
  } catch (e) {
    showPageMessage(e.message);
  }
  renderSession();
});

$('sign-out').addEventListener('click', () => {
  session.signOut();
  renderSession();
});

// --- tabs ----------------------------------------------------------------------------------------------------------

let feed = null;
let feedLoaded = false;

for (const tab of document.querySelectorAll('.tab')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll('.tab')) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      $(other.dataset.tab).hidden = !selected;
    }
    if (tab.dataset.tab === 'feed' && feed && !feedLoaded) {
      feedLoaded = true;
      feed.load(true);
    }
    if (tab.dataset.tab !== 'feed' && feed) feed.pause();
  });
}

// --- uploading -----------------------------------------------------------------------------------------------------

let upload = null;

function uploadMessage(text) {
  $('upload-message').textContent = text;
}

function setUploading(uploading) {
  $('upload-button').disabled = uploading;
  $('cancel-button').hidden = !uploading;
}

async function startUpload(settings) {
  const file = $('file').files[0];
  if (!session.user()) {
    showPageMessage('Sign in first: paste a token from bin/reelpipe token.');
    return;
  }
  if (!file) {
    uploadMessage('Choose a video file first.');
    $('upload-state').hidden = false;
    return;
  }
  $('upload-state').hidden = false;
  $('video-state').hidden = true;
  $('upload-progress').value = 0;
  $('upload-percent').textContent = '0%';
  uploadMessage(`Uploading ${file.name}…`);
  setUploading(true);
  upload = new TusUpload({
    file,
    metadata: {
      filename: file.name,
      title: $('title').value.trim(),
      description: $('description').value.trim(),
      visibility: $('visibility').value,
    },
    chunkBytes: settings.uploadChunkBytes,
    headers: session.authHeaders,
    owner: session.user(),
    onProgress: (sent, total) => {
      const percent = total === 0 ? 100 : Math.floor((sent * 100) / total);
      $('upload-progress').value = percent;
      $('upload-percent').textContent = `${percent}%`;
    },
  });
  try {
    const videoPath = await upload.start();
    uploadMessage('Uploaded. Processing…');
    await followVideo(videoPath);
  } catch (e) {
    uploadMessage(e instanceof UploadCancelled ? 'Upload cancelled.' : `Upload failed: ${e.message}`);
  } finally {
    upload = null;
    setUploading(false);
  }
}

$('cancel-button').addEventListener('click', () => {
  if (upload) upload.cancel();
});

// --- following a video's status --------------------------------------------------------------------------------------

/** Follows /v1/videos/{id}/events until READY or FAILED, reconnecting (the stream starts with the current state). */
async function followVideo(videoPath) {
  const state = { status: null, playing: null, imagesShown: false };
  $('status-log').replaceChildren();
  $('thumbnails').replaceChildren();
  $('video-failure').hidden = true;
  $('player-message').hidden = true;
  $('video-state').dataset.videoId = videoPath.split('/').pop();
  $('video-state').hidden = false;
  for (let failures = 0; ;) {
    try {
      await readEvents(`${videoPath}/events`, {
        headers: session.authHeaders(),
        onEvent: (event) => {
          if (event.type === 'status') renderVideo(JSON.parse(event.data), state);
        },
      });
      failures = 0;
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429) {
        uploadMessage(`Cannot follow the video: ${e.message}`);
        return;
      }
      failures++;
    }
    if (TERMINAL.has(state.status)) return;
    await sleep(STREAM_RETRY_MS[Math.min(failures, STREAM_RETRY_MS.length - 1)]);
  }
}

function renderVideo(video, state) {
  $('video-title').textContent = video.title;
  $('video-status').textContent = video.status;
  $('video-status').dataset.status = video.status;
  const rungs = Object.entries(video.progress ?? {}).map(([rung, percent]) => `${rung} ${percent}%`);
  $('video-progress').textContent = video.status === 'READY' || rungs.length === 0 ? '' : rungs.join(' · ');
  if (video.status !== state.status) {
    state.status = video.status;
    const li = document.createElement('li');
    li.dataset.status = video.status;
    li.textContent = `${new Date().toLocaleTimeString()} ${video.status}`;
    $('status-log').append(li);
  }
  if (video.status === 'FAILED') {
    $('video-failure').textContent = video.failureReason ?? 'processing failed';
    $('video-failure').hidden = false;
    uploadMessage('Processing failed.');
  }
  // PLAYABLE points at a live master with the lowest rung; READY at the final master with the whole ladder, which
  // takes over where the first one was.
  if ((video.status === 'PLAYABLE' || video.status === 'READY') && video.hlsUrl && video.hlsUrl !== state.playing) {
    const player = $('studio-player');
    const startAt = state.playing ? player.currentTime : -1;
    state.playing = video.hlsUrl;
    play(player, video.hlsUrl, (message) => {
      $('player-message').textContent = message;
      $('player-message').hidden = false;
    }, startAt);
  }
  if (video.status === 'READY') uploadMessage('Ready.');
  if (Array.isArray(video.thumbnails) && video.thumbnails.length > 0 && !state.imagesShown) {
    state.imagesShown = true;
    renderImages(video);
  }
}

function renderImages(video) {
  const figures = video.thumbnails
    .slice()
    .sort((a, b) => a.format.localeCompare(b.format) || a.width - b.width)
    .map((thumbnail) => figure(thumbnail.url, `${thumbnail.format} ${thumbnail.width}×${thumbnail.height}`));
  if (video.previewUrl) figures.push(figure(video.previewUrl, 'animated preview'));
  $('thumbnails').replaceChildren(...figures);
  const poster = posterOf(video.thumbnails, 640);
  if (poster) $('studio-player').poster = poster.querySelector('img').src;
}

function figure(url, caption) {
  const element = document.createElement('figure');
  const img = document.createElement('img');
  img.src = url;
  img.alt = caption;
  const text = document.createElement('figcaption');
  text.textContent = caption;
  element.append(img, text);
  return element;
}

// --- start ---------------------------------------------------------------------------------------------------------

try {
  session.takeTokenFromAddress();
} catch (e) {
  showPageMessage(e.message);
}
renderSession();
try {
  const settings = await loadSettings();
  feed = new FeedView(settings.feedApi, {
    items: $('feed-items'), more: $('feed-more'), refresh: $('feed-refresh'), type: $('feed-type'),
    message: $('feed-message'), watch: $('watch'), player: $('feed-player'), title: $('watch-title'),
    view: $('watch-view'), playerMessage: $('feed-player-message'),
  });
  $('upload-form').addEventListener('submit', (event) => {
    event.preventDefault();
    startUpload(settings);
  });
  document.body.dataset.ready = 'true';
} catch (e) {
  showPageMessage(e.message);
}

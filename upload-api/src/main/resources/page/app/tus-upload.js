// A resumable upload with tus 1.0 (creation, termination): the file goes up in PATCH chunks; a chunk that fails on
// the network, a 5xx, a 423 or a 429 is retried with backoff after asking the server where it stands (HEAD), and an
// upload interrupted by a closed tab resumes from the server's offset next time the same file is chosen.
import { ApiError, errorOf, retryAfterMs, sleep } from './api.js';

const TUS_VERSION = '1.0.0';
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 16000, 30000];
const RETRYABLE_STATUSES = new Set([0, 409, 423, 429, 500, 502, 503, 504]);

/** Thrown by start() after cancel(). */
export class UploadCancelled extends Error {}

export class TusUpload {
  /**
   * @param {object} options
   * @param {File} options.file the file
   * @param {Object<string,string>} options.metadata Upload-Metadata (title, description, visibility); empty values left out
   * @param {number} options.chunkBytes the body of one PATCH
   * @param {() => object} options.headers the authentication headers for each request
   * @param {string} options.owner whose upload this is (part of the resume key)
   * @param {(sent: number, total: number) => void} options.onProgress bytes the server has or is receiving
   */
  constructor({ file, metadata, chunkBytes, headers, owner, onProgress, endpoint = '/v1/uploads' }) {
    this.file = file;
    this.metadata = metadata;
    this.chunkBytes = chunkBytes;
    this.headers = headers;
    this.onProgress = onProgress;
    this.endpoint = endpoint;
    this.resumeKey = `reelpipe.tus:${owner}:${file.name}:${file.size}:${file.lastModified}`;
    this.url = null;
    this.request = null;
    this.cancelled = false;
  }

  /** Uploads the whole file; resolves with the video's path (ReelPipe-Video), rejects with an ApiError. */
  async start() {
    const size = this.file.size;
    this.url = localStorage.getItem(this.resumeKey);
    let offset = this.url ? await this.#serverOffset(true) : null;
    if (offset === null) {
      this.url = await this.#create();
      localStorage.setItem(this.resumeKey, this.url);
      offset = 0;
    }
    this.onProgress(offset, size);
    let failures = 0;
    for (;;) {
      this.#checkCancelled();
      try {
        const answer = await this.#patch(offset, Math.min(offset + this.chunkBytes, size));
        offset = Number(answer.getResponseHeader('Upload-Offset'));
        failures = 0;
        this.onProgress(offset, size);
        if (offset === size) {
          localStorage.removeItem(this.resumeKey);
          return answer.getResponseHeader('ReelPipe-Video');
        }
      } catch (e) {
        this.#checkCancelled();
        if (!(e instanceof ApiError) || !RETRYABLE_STATUSES.has(e.status) || failures >= RETRY_DELAYS_MS.length) {
          if (e instanceof ApiError && !RETRYABLE_STATUSES.has(e.status)) localStorage.removeItem(this.resumeKey);
          throw e;
        }
        await sleep(e.status === 409 ? 0 : (e.retryAfterMs ?? RETRY_DELAYS_MS[failures]));
        failures++;
        const known = await this.#serverOffset(false);
        if (known === null) {
          localStorage.removeItem(this.resumeKey);
          throw new ApiError(410, 'the server no longer has this upload (it expired or was refused); start again');
        }
        offset = known;
        this.onProgress(offset, size);
      }
    }
  }

  /** Stops the upload and asks the server to drop what it has (tus termination). */
  async cancel() {
    this.cancelled = true;
    if (this.request) this.request.abort();
    localStorage.removeItem(this.resumeKey);
    if (this.url) {
      await fetch(this.url, { method: 'DELETE', headers: { ...this.headers(), 'Tus-Resumable': TUS_VERSION } })
        .catch(() => undefined); // Best effort: the server's janitor expires it anyway.
    }
  }

  #checkCancelled() {
    if (this.cancelled) throw new UploadCancelled('upload cancelled');
  }

  async #create() {
    const response = await this.#fetch(this.endpoint, {
      method: 'POST',
      headers: { 'Upload-Length': String(this.file.size), 'Upload-Metadata': encodeMetadata(this.metadata) },
    });
    const location = response.headers.get('Location');
    if (response.status !== 201 || !location) {
      throw new ApiError(response.status, `the server did not create the upload (HTTP ${response.status})`);
    }
    return new URL(location, new URL(this.endpoint, window.location.href)).href;
  }

  /** The server's offset for this upload, or null when it has none (gone, expired, not this user's). */
  async #serverOffset(quietly) {
    try {
      const response = await this.#fetch(this.url, { method: 'HEAD', cache: 'no-store' });
      return Number(response.headers.get('Upload-Offset'));
    } catch (e) {
      if (e instanceof ApiError && [403, 404, 410].includes(e.status)) return null;
      if (quietly) return null;
      throw e;
    }
  }

  async #fetch(url, init) {
    let response;
    try {
      response = await fetch(url, { ...init, headers: { ...this.headers(), 'Tus-Resumable': TUS_VERSION, ...init.headers } });
    } catch (e) {
      throw new ApiError(0, `the network failed: ${e.message}`);
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  /** One PATCH of [from, to) with XMLHttpRequest, which reports progress within the body as it goes. */
  #patch(from, to) {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      this.request = request;
      request.open('PATCH', this.url);
      for (const [name, value] of Object.entries(this.headers())) request.setRequestHeader(name, value);
      request.setRequestHeader('Tus-Resumable', TUS_VERSION);
      request.setRequestHeader('Upload-Offset', String(from));
      request.setRequestHeader('Content-Type', 'application/offset+octet-stream');
      request.upload.onprogress = (event) => this.onProgress(from + event.loaded, this.file.size);
      request.onload = () => {
        if (request.status === 204) {
          resolve(request);
          return;
        }
        reject(new ApiError(request.status, reasonOf(request), null, retryAfterMs(request.getResponseHeader('Retry-After'))));
      };
      request.onerror = () => reject(new ApiError(0, 'the network failed during the upload'));
      request.onabort = () => reject(new UploadCancelled('upload cancelled'));
      request.send(this.file.slice(from, to));
    });
  }
}

function reasonOf(request) {
  try {
    const body = JSON.parse(request.responseText);
    if (typeof body.message === 'string') return body.message;
  } catch {
    // Not JSON: the status says enough.
  }
  return `HTTP ${request.status}`;
}

/** Upload-Metadata: comma-separated "key base64(UTF-8 value)" pairs, empty values left out. */
export function encodeMetadata(metadata) {
  return Object.entries(metadata)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => {
      const bytes = new TextEncoder().encode(String(value));
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return `${key} ${btoa(binary)}`;
    })
    .join(',');
}

// Server-sent events read with fetch, because EventSource cannot send an Authorization header (and a token in the
// address would land in logs).
import { errorOf } from './api.js';

/**
 * Reads the event stream at `url` until the server ends it, calling onEvent({type, data, id}) per event.
 * Rejects with an ApiError on a refusal, or with the network's error when the connection drops.
 */
export async function readEvents(url, { headers = {}, signal, onEvent }) {
  const response = await fetch(url, { headers: { ...headers, Accept: 'text/event-stream' }, signal, cache: 'no-store' });
  if (!response.ok) throw await errorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventParser(onEvent);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    parser.push(value);
  }
}

/** The text/event-stream format: fields per line, an empty line ends an event, ':' lines are comments. */
export class EventParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.data = [];
    this.type = 'message';
    this.id = null;
  }

  push(text) {
    this.buffer += text;
    let end;
    while ((end = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      // A lone CR at the very end may be the first half of CRLF: wait for the next chunk.
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) return;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      this.#line(line);
    }
  }

  #line(line) {
    if (line === '') {
      if (this.data.length > 0) this.onEvent({ type: this.type, data: this.data.join('\n'), id: this.id });
      this.data = [];
      this.type = 'message';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id') this.id = value;
  }
}

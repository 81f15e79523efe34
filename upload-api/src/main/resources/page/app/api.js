// JSON over fetch against upload-api (same origin) and feed-api (CORS), with the APIs' error bodies turned into
// messages: every refusal is {"error": code, "message": reason}.

/** A refused or failed request: the HTTP status (0 when the network failed), the API's reason, Retry-After. */
export class ApiError extends Error {
  constructor(status, message, code = null, retryAfterMs = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The JSON answer of a request, or an ApiError naming why not. `options.json` is sent as a JSON body. */
export async function requestJson(url, { method = 'GET', headers = {}, json, signal, keepalive } = {}) {
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: json === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
      signal,
      keepalive,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, `cannot reach ${new URL(url, location.href).host}: ${e.message}`);
  }
  if (!response.ok) throw await errorOf(response);
  return response.status === 204 ? null : response.json();
}

/** An ApiError from a refusal's status, JSON body and Retry-After header. */
export async function errorOf(response) {
  let code = null;
  let message = `HTTP ${response.status}`;
  try {
    const body = await response.json();
    code = typeof body.error === 'string' ? body.error : null;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not a JSON body (a proxy's page): the status says enough.
  }
  return new ApiError(response.status, message, code, retryAfterMs(response.headers.get('Retry-After')));
}

/** Retry-After in milliseconds (seconds form only, as the APIs send it), or null. */
export function retryAfterMs(header) {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 300) * 1000 : null;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

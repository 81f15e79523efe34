// The signed-in user: a bearer token kept for this tab only (sessionStorage), taken from the address's #token=...
// fragment (a fragment never reaches a server or a log) or pasted into the sign-in form.
const TOKEN_KEY = 'reelpipe.token';
const VIEW_SESSION_KEY = 'reelpipe.view-session';

/** Moves a token from the address fragment into this tab's storage and clears it from the address bar. */
export function takeTokenFromAddress() {
  const match = /(?:^#|&)token=([A-Za-z0-9._-]+)/.exec(location.hash);
  if (!match) return;
  history.replaceState(null, '', location.pathname + location.search);
  signIn(match[1]);
}

/** Keeps `value` as the token after checking that it is a JWT that has not expired (the APIs verify it). */
export function signIn(value) {
  const token = value.trim();
  const claims = claimsOf(token);
  if (!claims || typeof claims.sub !== 'string') {
    throw new Error('that is not a token: paste the output of bin/reelpipe token');
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) {
    throw new Error(`the token of ${claims.sub} expired at ${new Date(claims.exp * 1000).toISOString()}`);
  }
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The signed-in user's id, or null. */
export function user() {
  const claims = claimsOf(sessionStorage.getItem(TOKEN_KEY));
  return claims ? claims.sub : null;
}

/** Headers that authenticate a request: none when nobody is signed in. */
export function authHeaders() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/**
 * The anonymous viewer's session id for view events: random, kept for this tab. getRandomValues works on plain
 * http origins too, where crypto.randomUUID does not exist.
 */
export function viewSessionId() {
  let id = sessionStorage.getItem(VIEW_SESSION_KEY);
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem(VIEW_SESSION_KEY, id);
  }
  return id;
}

function claimsOf(token) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

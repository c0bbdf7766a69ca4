// Auth Functions browser client: a dependency-free ES module served at /api/auth/client.js.
// Import it from the Function App so the API base follows:  import * as auth from "https://<app>/api/auth/client.js";
//
// Token mode (default): the access token lives in memory only; the refresh token in sessionStorage
// (storage: "local" shares it across tabs; "memory" keeps it in the page only). Cookie mode: the session is an
// HttpOnly cookie set by the app (same-site deployments only), and this module never sees a refresh token.

const api = new URL(".", import.meta.url).href; // …/api/auth/
const keys = { verifier: "authfn.verifier", refresh: "authfn.refresh" };
const memory = new Map();
let options = { storage: "session", mode: "token" };
let accessToken = null;
let inFlight = null;

/** Sets { storage: "session" | "local" | "memory", mode: "token" | "cookie" }. Call on every page load, before anything else. */
export function configure(next) {
  options = { ...options, ...next };
}

function store() {
  if (options.storage === "local") return localStorage;
  if (options.storage === "memory") return { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => memory.set(k, v), removeItem: (k) => memory.delete(k) };
  return sessionStorage;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function cookieMode() {
  return options.mode === "cookie";
}

async function post(path, body, extraHeaders = {}) {
  const init = { method: "POST", headers: { ...extraHeaders } };
  if (cookieMode()) {
    init.credentials = "include";
    init.headers["X-CSRF"] = "1"; // the app refuses cookie-authenticated state changes without it
  }
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return fetch(api + path, init);
}

/** The enabled providers: [{ id, name, loginUrl }]. */
export async function providers() {
  const response = await fetch(api + "providers");
  if (!response.ok) throw new Error(`GET providers answered ${response.status}`);
  return response.json();
}

/** A provider's login URL: catalog providers and those added by settings (under custom/) live on different routes. */
async function loginUrl(provider) {
  if (typeof provider === "object" && provider?.loginUrl) return provider.loginUrl;
  const found = (await providers()).find((p) => p.id === provider);
  if (!found) throw new Error(`No enabled provider has the id ${provider}`);
  return found.loginUrl;
}

/**
 * Sends the browser to the provider: an id, or an entry of providers(). The SPA's PKCE verifier stays in
 * sessionStorage for handleRedirect().
 */
export async function signIn(provider, { returnUrl = location.origin + location.pathname + location.search } = {}) {
  const query = new URLSearchParams({ return_url: returnUrl });
  if (options.mode === "cookie") {
    query.set("mode", "cookie");
  } else {
    const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
    const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    sessionStorage.setItem(keys.verifier, verifier);
    query.set("code_challenge", challenge);
    query.set("code_challenge_method", "S256");
  }
  location.assign(`${await loginUrl(provider)}?${query}`);
}

/**
 * Call once when the page loads. Reads #code or #error, removes them from the address bar, and redeems the code
 * only when this tab started that sign-in (it holds the PKCE verifier): a code planted by someone else's link is
 * never redeemed (login CSRF). Returns { user } after a sign-in, { error } when it failed or the code was not
 * this tab's ("unexpected_code"), or null when the URL carried neither.
 */
export async function handleRedirect() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const code = hash.get("code");
  const error = hash.get("error");
  if (!code && !error) return null;
  history.replaceState(history.state, "", location.pathname + location.search);
  const verifier = sessionStorage.getItem(keys.verifier);
  sessionStorage.removeItem(keys.verifier);
  if (error) return { error };
  if (!verifier) return { error: "unexpected_code" };
  const response = await post("session", { code, code_verifier: verifier });
  if (!response.ok) return { error: (await response.json().catch(() => ({}))).code ?? "session_failed" };
  const session = await response.json();
  accept(session);
  return { user: session.user };
}

function accept(session) {
  accessToken = session.access_token;
  if (session.refresh_token) store().setItem(keys.refresh, session.refresh_token);
}

/** Refreshes the access token; concurrent callers on this page share one request. Returns true on success. */
export function refresh() {
  inFlight ??= (async () => {
    try {
      const token = store().getItem(keys.refresh);
      if (!cookieMode() && !token) return false;
      const response = await post("refresh", cookieMode() ? undefined : { refresh_token: token });
      if (!response.ok) {
        accessToken = null;
        store().removeItem(keys.refresh);
        return false;
      }
      accept(await response.json());
      return true;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

/** fetch() with the access token attached; on a 401 it refreshes once and retries once. */
export async function fetchWithAuth(input, init = {}) {
  if (!accessToken) await refresh();
  const send = () => {
    const headers = new Headers(init.headers);
    if (accessToken) headers.set("authorization", `Bearer ${accessToken}`);
    return fetch(input, { ...init, headers });
  };
  let response = await send();
  if (response.status === 401 && (await refresh())) response = await send();
  return response;
}

/** The signed-in user, or null. */
export async function getUser() {
  const response = await fetchWithAuth(api + "me");
  return response.ok ? response.json() : null;
}

/** Ends the session (revokes the refresh family). With { provider }, also ends the provider's session. */
export async function signOut({ provider, returnUrl = location.origin + location.pathname } = {}) {
  const token = store().getItem(keys.refresh);
  await post("logout", cookieMode() || !token ? undefined : { refresh_token: token }).catch(() => {});
  accessToken = null;
  store().removeItem(keys.refresh);
  if (provider) location.assign(`${api}${encodeURIComponent(provider)}/logout?return_url=${encodeURIComponent(returnUrl)}`);
}

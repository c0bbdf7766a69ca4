// A real OpenID Provider (oidc-provider, a certified implementation) on 127.0.0.1 for the tests.
//
//   node oidc-server.mjs --port 0 --config clients.json
//
// Prints exactly one line `oidc-provider listening on <issuer>` to stdout once it accepts requests.
// Interactions (login + consent) complete by themselves: the account is picked by `login_hint`
// (sub or email of a known account, default alice) and every requested scope is granted, so a
// client following redirects goes straight from the authorization endpoint to its redirect_uri.
// RP-initiated logout is confirmed automatically too (end_session -> 303 -> post_logout_redirect_uri).
// See README.md next to this file for the config format.

import { AsyncLocalStorage } from 'node:async_hooks';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { parseArgs } from 'node:util';

import Provider, { errors, interactionPolicy } from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    config: { type: 'string' },
  },
});

const port = Number.parseInt(args.port, 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`--port must be an integer between 0 and 65535, got ${args.port}`);
}
if (!args.config) {
  fail('--config <path to JSON file> is required');
}

let config;
try {
  config = JSON.parse(fs.readFileSync(args.config, 'utf8'));
} catch (err) {
  fail(`cannot read --config ${args.config}: ${err.message}`);
}

const clients = config.clients ?? [];
if (!Array.isArray(clients) || clients.length === 0) {
  fail('config.clients must be a non-empty array');
}

// "" or "/tenant/v2.0": leading slash, no trailing slash.
const issuerPath = normalizePath(config.issuerPath ?? '');
const extraIdTokenClaims = config.extraIdTokenClaims ?? {};
if (typeof extraIdTokenClaims !== 'object' || Array.isArray(extraIdTokenClaims)) {
  fail('config.extraIdTokenClaims must be an object');
}
// Google and Entra put the scope claims (email, name, ...) in the id_token even though a userinfo
// endpoint exists; oidc-provider's default (conformIdTokenClaims: true) only returns them from userinfo.
const conformIdTokenClaims = config.conformIdTokenClaims === true;
const requirePkce = config.requirePkce === true;

const accounts = new Map([
  ['alice', {
    sub: 'alice',
    name: 'Alice Example',
    email: 'alice@example.test',
    email_verified: true,
    picture: 'https://example.test/alice.png',
  }],
  ['bob', {
    sub: 'bob',
    name: 'Bob Example',
    email: 'bob@example.test',
    email_verified: false,
  }],
]);
const defaultAccountId = 'alice';

/** Account id for a login_hint (sub or email, case-insensitive); undefined when unknown. */
function accountIdForHint(hint) {
  if (hint === undefined || hint === null || hint === '') {
    return defaultAccountId;
  }
  const h = String(hint).toLowerCase();
  for (const [id, claims] of accounts) {
    if (id.toLowerCase() === h || claims.email.toLowerCase() === h) {
      return id;
    }
  }
  return undefined;
}

async function findAccount(ctx, sub) {
  const claims = accounts.get(sub);
  if (!claims) {
    return undefined;
  }
  return {
    accountId: sub,
    // use is 'id_token' or 'userinfo': the extra claims (e.g. Entra's tid) only go in the id_token.
    async claims(use) {
      return use === 'id_token' ? { ...claims, ...extraIdTokenClaims } : { ...claims };
    },
  };
}

// Default policy (login, consent) plus: a login_hint naming another account than the session's
// (or no known account at all) requires a fresh login, so one browser can switch alice <-> bob.
const policy = interactionPolicy.base();
policy.get('login').checks.add(new interactionPolicy.Check(
  'login_hint_account',
  'login_hint names another account than the current session',
  'login_required',
  (ctx) => {
    const { oidc } = ctx;
    if (oidc.params.login_hint === undefined || !oidc.session.accountId) {
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }
    return accountIdForHint(oidc.params.login_hint) === oidc.session.accountId
      ? interactionPolicy.Check.NO_NEED_TO_PROMPT
      : interactionPolicy.Check.REQUEST_PROMPT;
  },
));

const interactionPrefix = `${issuerPath}/interaction/`;
const autoConfirmPath = `${issuerPath}/session/end/auto-confirm`;
const confirmPath = `${issuerPath}/session/end/confirm`;

// The signing key is fresh for every process (oidc-provider would otherwise use its built-in dev key).
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: `test-${crypto.randomUUID()}`, use: 'sig', alg: 'RS256' };

function providerConfiguration() {
  return {
    clients: clients.map((c) => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      redirect_uris: c.redirect_uris,
      post_logout_redirect_uris: c.post_logout_redirect_uris ?? [],
      token_endpoint_auth_method: c.token_endpoint_auth_method ?? 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [signingKey] },
    findAccount,
    claims: {
      openid: ['sub', ...Object.keys(extraIdTokenClaims)],
      email: ['email', 'email_verified'],
      profile: ['name', 'picture'],
    },
    conformIdTokenClaims,
    pkce: { required: () => requirePkce },
    cookies: {
      keys: ['oidc-server.mjs test cookie key, not a secret'],
      // Plain http on loopback: never mark cookies Secure (oidc-provider does not by default either).
      long: { httpOnly: true, sameSite: 'lax', secure: false },
      short: { httpOnly: true, sameSite: 'lax', secure: false },
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // Only reached when the auto-confirm redirect below did not apply; keeps a browser moving.
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = `<!DOCTYPE html><html><head><title>Logout</title></head><body>${form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>')}<noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript><script>document.forms[0].submit()</script></body></html>`;
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = '<!DOCTYPE html><html><head><title>Signed out</title></head><body>Signed out.</body></html>';
        },
      },
    },
    interactions: {
      policy,
      url: (ctx, interaction) => `${interactionPrefix}${interaction.uid}`,
    },
    // Short but sane lifetimes (seconds).
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      RefreshToken: 3600,
    },
    clientBasedCORS: () => true,
    renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
}

let provider;
let providerCallback;
const server = http.createServer(handle);

server.listen(port, '127.0.0.1', () => {
  const { port: actualPort } = server.address();
  const issuer = `http://127.0.0.1:${actualPort}${issuerPath}`;
  try {
    provider = new Provider(issuer, providerConfiguration());
  } catch (err) {
    fail(`oidc-provider rejected the configuration: ${err.stack ?? err}`);
  }
  provider.proxy = false;
  provider.use(autoConfirmLogout);
  provider.use(strictClientSecretMethod());
  provider.on('server_error', (ctx, err) => console.error('oidc-provider server_error:', err));
  // Say why a request failed on stderr (the test's failure message shows it); clients only get the
  // error code and a generic description.
  for (const event of ['authorization.error', 'grant.error', 'userinfo.error', 'end_session.error',
    'end_session_confirm.error', 'discovery.error', 'jwks.error']) {
    provider.on(event, (ctx, err) => console.error(
      `oidc-provider ${event}: ${err.error ?? err.name}: ${err.error_description ?? err.message}`
        + `${err.error_detail ? ` (${err.error_detail})` : ''}`,
    ));
  }
  // oidc-provider validates static clients lazily; fail now rather than on the first request.
  Promise.all(clients.map((c) => provider.Client.find(c.client_id))).then(() => {
    providerCallback = provider.callback();
    process.stdout.write(`oidc-provider listening on ${issuer}\n`);
  }, (err) => fail(`invalid client in --config: ${err.error_description ?? err.message}`));
});

server.on('error', (err) => fail(`cannot listen on 127.0.0.1:${port}: ${err.message}`));

async function handle(req, res) {
  try {
    if (!providerCallback) {
      res.writeHead(503).end();
      return;
    }

    const path = req.url.split('?')[0];

    if (req.method === 'GET' && path.startsWith(interactionPrefix)) {
      await completeInteraction(req, res);
      return;
    }

    if (req.method === 'GET' && path === autoConfirmPath) {
      await proxyLogoutConfirm(req, res);
      return;
    }

    // Mount the provider under issuerPath (oidc-provider derives its mount path from originalUrl).
    if (issuerPath) {
      if (path !== issuerPath && !path.startsWith(`${issuerPath}/`)) {
        res.writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'not_found', error_description: `everything lives under ${issuerPath}` }));
        return;
      }
      req.originalUrl = req.url;
      req.url = req.url.slice(issuerPath.length) || '/';
    }
    providerCallback(req, res);
  } catch (err) {
    // e.g. SessionNotFound from interactionDetails when the interaction cookie is missing or expired.
    console.error(`oidc-server.mjs ${req.method} ${req.url}:`, err.error_description ?? err);
    if (!res.headersSent) {
      res.writeHead(err.statusCode ?? 500, { 'content-type': 'application/json' });
    }
    res.end(JSON.stringify({
      error: err.error ?? 'server_error',
      error_description: String(err.error_description ?? err.message ?? err),
    }));
  }
}

/** Logs in the login_hint account and grants everything requested, then resumes the authorization. */
async function completeInteraction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session } = details;

  if (prompt.name === 'login') {
    const accountId = accountIdForHint(params.login_hint);
    if (!accountId) {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: `unknown login_hint ${params.login_hint}; known accounts: ${[...accounts.keys()].join(', ')}`,
      }, { mergeWithLastSubmission: false });
      return;
    }
    // Consent in the same step: a grant with every requested OIDC scope.
    const grant = new provider.Grant({ accountId, clientId: params.client_id });
    if (params.scope) {
      grant.addOIDCScope(params.scope);
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, {
      login: { accountId, remember: true },
      consent: { grantId },
    }, { mergeWithLastSubmission: false });
    return;
  }

  if (prompt.name === 'consent') {
    const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined)
      ?? new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details;
    if (missingOIDCScope) {
      grant.addOIDCScope(missingOIDCScope.join(' '));
    }
    if (missingOIDCClaims) {
      grant.addOIDCClaims(missingOIDCClaims);
    }
    if (missingResourceScopes) {
      for (const [indicator, scopes] of Object.entries(missingResourceScopes)) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
    }
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }

  await provider.interactionFinished(req, res, {
    error: 'access_denied',
    error_description: `oidc-server.mjs cannot complete prompt ${prompt.name}`,
  }, { mergeWithLastSubmission: false });
}

/**
 * Logout confirmations become redirects. The end_session endpoint normally answers 200 with a form
 * that POSTs to .../session/end/confirm (and so does the authorization resume when a different
 * account logs in over an existing session: the old session is ended first). Redirect instead to a
 * GET that performs that POST, so a plain HTTP client finishes by following redirects: to
 * post_logout_redirect_uri?state=... (or the success page), or back to the authorization resume.
 */
async function autoConfirmLogout(ctx, next) {
  await next();
  const route = ctx.oidc?.route;
  if ((route !== 'end_session' && route !== 'resume') || ctx.status !== 200) {
    return;
  }
  const secret = ctx.oidc.session?.state?.secret;
  if (secret && typeof ctx.body === 'string' && ctx.body.includes(confirmPath)) {
    ctx.status = 303;
    ctx.redirect(`${autoConfirmPath}?xsrf=${encodeURIComponent(secret)}`);
  }
}

async function proxyLogoutConfirm(req, res) {
  const xsrf = new URL(req.url, 'http://127.0.0.1').searchParams.get('xsrf') ?? '';
  const { port: actualPort } = server.address();
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (req.headers.cookie) {
    headers.cookie = req.headers.cookie;
  }
  if (req.headers.host) {
    headers.host = req.headers.host;
  }
  const upstream = await fetch(`http://127.0.0.1:${actualPort}${confirmPath}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    redirect: 'manual',
  });
  const out = {};
  for (const name of ['location', 'content-type', 'cache-control', 'pragma']) {
    const value = upstream.headers.get(name);
    if (value !== null) {
      out[name] = value;
    }
  }
  const cookies = upstream.headers.getSetCookie();
  if (cookies.length > 0) {
    out['set-cookie'] = cookies;
  }
  res.writeHead(upstream.status, out).end(Buffer.from(await upstream.arrayBuffer()));
}

/**
 * oidc-provider accepts client_secret_basic and client_secret_post interchangeably for a client
 * registered with either. Real providers may not, and the tests want to know the app uses the
 * registered method, so a secret sent the other way is rejected with invalid_client.
 */
function strictClientSecretMethod() {
  const requests = new AsyncLocalStorage();
  const { Client } = provider;
  const compare = Client.prototype.compareClientSecret;
  Client.prototype.compareClientSecret = function compareClientSecretStrict(actual) {
    const ctx = requests.getStore();
    if (ctx) {
      const used = ctx.oidc?.params?.client_secret ? 'client_secret_post' : 'client_secret_basic';
      if (used !== this.clientAuthMethod) {
        throw new errors.InvalidClientAuth(
          `client authenticated with ${used} but is registered with token_endpoint_auth_method ${this.clientAuthMethod}`,
        );
      }
    }
    return compare.call(this, actual);
  };
  return (ctx, next) => requests.run(ctx, next);
}

function normalizePath(p) {
  if (typeof p !== 'string') {
    fail('config.issuerPath must be a string');
  }
  let s = p.trim();
  while (s.endsWith('/')) {
    s = s.slice(0, -1);
  }
  if (s && !s.startsWith('/')) {
    s = `/${s}`;
  }
  return s;
}

function fail(message) {
  process.stderr.write(`oidc-server.mjs: ${message}\n`);
  process.exit(2);
}

let stopping = false;
function stop(signal) {
  if (stopping) {
    return;
  }
  stopping = true;
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
  process.stderr.write(`oidc-server.mjs: ${signal}, stopping\n`);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

// Do not outlive the test host: when the parent dies we get re-parented.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) {
    stop('parent exited');
  }
}, 2000).unref();

using AuthFunctions.Core;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Http;

/// <summary>
/// Development only: the demo SPA at <c>/api/auth/dev/demo</c> (and <c>/</c> under <c>dotnet run</c>), built on <c>/api/auth/client.js</c> exactly as a real SPA would be.
/// It imports the client by absolute URL, so the same page works when served from another origin
/// (add that origin to <c>OAuth__AllowedReturnUrls</c>). <c>?mode=cookie</c> switches it to cookie mode.
/// </summary>
public static class DevHomePage
{
    public static IResult Result(HttpContext context, OAuthOptions options) =>
        Results.Content(Html.Page("Sign-in demo", Body(RequestReading.BaseUrl(context, options))), "text/html; charset=utf-8");

    public static string Body(string appBaseUrl) => $$"""
        <h1>Sign-in demo</h1>
        <p id="status">Loading…</p>
        <div id="buttons"></div>
        <div id="signed-in" hidden>
          <p>Signed in as <strong id="name"></strong> <small>(<span id="user-id"></span>; roles: <span id="roles"></span>)</small></p>
          <p><button id="call">Call /me through fetchWithAuth</button> <button id="admin">Call the admin-only sample</button> <button id="signout">Sign out</button></p>
          <pre id="result"></pre>
          <pre id="admin-result"></pre>
        </div>
        <script type="module">
        import * as auth from "{{appBaseUrl}}/api/auth/client.js";
        const $ = (id) => document.getElementById(id);
        const mode = new URLSearchParams(location.search).get("mode") === "cookie" ? "cookie" : "token";
        auth.configure({ mode });
        const outcome = await auth.handleRedirect();
        const user = await auth.getUser();
        if (user) {
          $("status").textContent = `Signed in (${mode} mode).`;
          $("name").textContent = user.name;
          $("user-id").textContent = user.id;
          $("roles").textContent = user.roles.join(", ") || "none";
          $("signed-in").hidden = false;
          $("call").onclick = async () => {
            const r = await auth.fetchWithAuth("{{appBaseUrl}}/api/auth/me");
            $("result").textContent = r.status + " " + JSON.stringify(await r.json(), null, 2);
          };
          // [RequireRole("admin")] answers 200 to an admin and 403 problem+json to anyone else.
          $("admin").onclick = async () => {
            const r = await auth.fetchWithAuth("{{appBaseUrl}}/api/auth/sample/admin");
            $("admin-result").textContent = r.status + " " + JSON.stringify(await r.json(), null, 2);
          };
          $("signout").onclick = async () => { await auth.signOut(); location.reload(); };
        } else {
          $("status").textContent = outcome?.error ? `Sign-in failed: ${outcome.error}` : "Choose a provider:";
          const providers = await fetch("{{appBaseUrl}}/api/auth/providers").then((r) => r.json());
          for (const p of providers) {
            const b = document.createElement("button");
            b.textContent = "Sign in with " + p.name;
            b.dataset.provider = p.id;
            b.onclick = () => auth.signIn(p);
            $("buttons").append(b);
          }
        }
        document.body.dataset.ready = "true";
        </script>
        """;
}

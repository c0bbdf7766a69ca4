namespace AuthFunctions.Endpoints;

/// <summary>
/// Development only: a page at <c>/</c> that behaves like an SPA would (buttons to sign in, the handoff redeemed
/// at /session, the user from /me), so the README's first command ends in a working sign-in.
/// </summary>
public static class DevHomePage
{
    public static void MapDevHomePage(this IEndpointRouteBuilder app) =>
        app.MapGet("/", () => Results.Content(Html.Page("Sign-in demo", Body), "text/html; charset=utf-8"));

    private const string Body = """
        <h1>Sign-in demo</h1>
        <p id="status">Loading providers…</p>
        <div id="buttons"></div>
        <pre id="user" hidden></pre>
        <p><button id="signout" hidden>Sign out</button></p>
        <script type="module">
        const api = location.origin + "/api/auth";
        const $ = (id) => document.getElementById(id);
        const here = location.origin + location.pathname;
        const params = new URLSearchParams(location.hash.slice(1));
        history.replaceState(null, "", here);               // the handoff code leaves the address bar at once
        let token = null;                                    // in memory only
        if (params.get("code")) {
          const r = await fetch(api + "/session", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: params.get("code") }) });
          if (r.ok) token = (await r.json()).access_token;
          else $("status").textContent = "Sign-in failed: " + (await r.json()).code;
        } else if (params.get("error")) {
          $("status").textContent = "Sign-in failed: " + params.get("error");
        }
        if (token) {
          const me = await fetch(api + "/me", { headers: { authorization: "Bearer " + token } }).then((r) => r.json());
          $("status").textContent = "Signed in as " + me.name;
          $("user").textContent = JSON.stringify(me, null, 2);
          $("user").hidden = false;
          $("signout").hidden = false;
          $("signout").onclick = () => location.assign(here);
        } else {
          const providers = await fetch(api + "/providers").then((r) => r.json());
          if (!$("status").textContent.startsWith("Sign-in failed")) $("status").textContent = "Choose a provider:";
          for (const p of providers) {
            const a = document.createElement("a");
            a.className = "button";
            a.textContent = "Sign in with " + p.name;
            a.href = p.loginUrl + "?return_url=" + encodeURIComponent(here);
            $("buttons").append(a);
          }
        }
        </script>
        """;
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// Speaks GitHub's documented OAuth app endpoints (authorize, access_token, /user, /user/emails, /user/orgs) and rejects
/// what GitHub rejects: wrong client credentials, redirect_uri or PKCE verifier, a reused code, API calls
/// without User-Agent or token. Without <c>Accept: application/json</c> it answers form-encoded, as GitHub does.
/// </summary>
public sealed class GitHubStandIn : StandInServer
{
    public const string ClientId = "Iv1.github-test-client";
    public const string ClientSecret = "github-test-secret-0123456789abcdef";

    private readonly ConcurrentDictionary<string, (string RedirectUri, string? Challenge, string Scope)> _codes = new();

    /// <summary>Issued tokens and the scopes granted with them.</summary>
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    /// <summary>The logins of the user's organizations, as /user/orgs lists them (with read:org).</summary>
    public List<string> Organizations { get; } = [];

    /// <summary>The public email on the profile; null models a user who keeps it private.</summary>
    public string? ProfileEmail { get; set; } = "octo@example.test";

    public int UserId { get; set; } = 583231;

    public string AuthorizeUrl => new Uri(Address, "/login/oauth/authorize").ToString();

    public string TokenUrl => new Uri(Address, "/login/oauth/access_token").ToString();

    public string UserUrl => new Uri(Address, "/api/user").ToString();

    public static async Task<GitHubStandIn> StartNewAsync()
    {
        var s = new GitHubStandIn();
        await s.StartAsync();
        return s;
    }

    /// <summary>App settings pointing the catalog's github provider at this stand-in.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["OAuth:Providers:github:ClientId"] = ClientId,
        ["OAuth:Providers:github:ClientSecret"] = ClientSecret,
        ["OAuth:Providers:github:AuthorizationEndpoint"] = AuthorizeUrl,
        ["OAuth:Providers:github:TokenEndpoint"] = TokenUrl,
        ["OAuth:Providers:github:UserInfoEndpoint"] = UserUrl,
        ["OAuth:Providers:github:EmailsEndpoint"] = UserUrl + "/emails",
    };

    protected override void Map(WebApplication app)
    {
        app.MapGet("/login/oauth/authorize", (HttpContext c) =>
        {
            var q = c.Request.Query;
            if (q["client_id"] != ClientId || string.IsNullOrEmpty(q["redirect_uri"]) || string.IsNullOrEmpty(q["state"]))
            {
                return Reject("authorize: bad client_id, redirect_uri or state");
            }

            if (!string.IsNullOrEmpty(q["code_challenge"]) && q["code_challenge_method"] != "S256")
            {
                return Reject("authorize: PKCE method must be S256");
            }

            // The user approves at once.
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();
            _codes[code] = (q["redirect_uri"]!, q["code_challenge"].ToString() is { Length: > 0 } ch ? ch : null, q["scope"].ToString());
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"]!)}");
        });

        app.MapPost("/login/oauth/access_token", async (HttpContext c) =>
        {
            var f = await c.Request.ReadFormAsync();
            var json = c.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal);
            string? error = null;
            (string RedirectUri, string? Challenge, string Scope) grant = ("", null, "");
            if (f["client_id"] != ClientId || f["client_secret"] != ClientSecret)
            {
                error = "incorrect_client_credentials";
            }
            else if (!_codes.TryRemove(f["code"].ToString(), out grant!))
            {
                error = "bad_verification_code";
            }
            else if (f["redirect_uri"] != grant.RedirectUri)
            {
                error = "redirect_uri_mismatch";
            }
            else if (grant.Challenge is not null && Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(f["code_verifier"].ToString()))) != grant.Challenge)
            {
                error = "bad_verification_code";
            }

            if (error is not null)
            {
                Unexpected.Enqueue("access_token: " + error);
                // GitHub answers 200 with an error field.
                return json ? Results.Json(new Dictionary<string, string> { ["error"] = error }) : Results.Text("error=" + error, "application/x-www-form-urlencoded");
            }

            var token = "gho_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _tokens[token] = grant.Scope;
            return json
                ? Results.Json(new Dictionary<string, string> { ["access_token"] = token, ["token_type"] = "bearer", ["scope"] = grant.Scope.Replace(' ', ',') })
                : Results.Text($"access_token={token}&scope=read%3Auser&token_type=bearer", "application/x-www-form-urlencoded");
        });

        app.MapGet("/api/user", (HttpContext c) => Authorized(c) ?? Results.Json(new Dictionary<string, object?>
        {
            ["login"] = "octocat",
            ["id"] = UserId,
            ["name"] = "The Octocat",
            ["email"] = ProfileEmail,
            ["avatar_url"] = "https://avatars.githubusercontent.com/u/583231?v=4",
        }));

        app.MapGet("/api/user/orgs", Orgs);

        app.MapGet("/api/user/emails", (HttpContext c) => Authorized(c) ?? Results.Json(new[]
        {
            new Dictionary<string, object?> { ["email"] = "old@example.test", ["primary"] = false, ["verified"] = true, ["visibility"] = null },
            new Dictionary<string, object?> { ["email"] = "unverified@example.test", ["primary"] = false, ["verified"] = false, ["visibility"] = null },
            new Dictionary<string, object?> { ["email"] = "octo-private@example.test", ["primary"] = true, ["verified"] = true, ["visibility"] = "private" },
        }));
    }

    /// <summary>
    /// /user/orgs: without read:org GitHub lists only what the token may act on, so a rule would silently miss
    /// private memberships; the stand-in refuses the call instead, to catch a sign-in that forgot the scope.
    /// </summary>
    private IResult Orgs(HttpContext c)
    {
        if (Authorized(c) is { } refused)
        {
            return refused;
        }

        if (!TokenOf(c)!.Split(' ').Contains("read:org"))
        {
            return Reject("orgs: token lacks read:org", 403, "forbidden");
        }

        var perPage = int.TryParse(c.Request.Query["per_page"], out var pp) ? Math.Clamp(pp, 1, 100) : 30;
        var page = int.TryParse(c.Request.Query["page"], out var p) ? Math.Max(p, 1) : 1;
        return Results.Json(Organizations.Skip((page - 1) * perPage).Take(perPage)
            .Select(login => new Dictionary<string, object?> { ["login"] = login, ["id"] = login.Length, ["url"] = $"https://api.github.com/orgs/{login}" }));
    }

    private string? TokenOf(HttpContext c)
    {
        var auth = c.Request.Headers.Authorization.ToString();
        var token = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : auth.StartsWith("token ", StringComparison.Ordinal) ? auth[6..] : null;
        return token is not null && _tokens.TryGetValue(token, out var scope) ? scope : null;
    }

    /// <summary>GitHub's API wants a User-Agent and a token it issued.</summary>
    private IResult? Authorized(HttpContext c)
    {
        if (string.IsNullOrEmpty(c.Request.Headers.UserAgent))
        {
            return Reject("api: no User-Agent", 403, "forbidden");
        }

        return TokenOf(c) is not null ? null : Reject("api: bad token", 401, "unauthorized");
    }
}

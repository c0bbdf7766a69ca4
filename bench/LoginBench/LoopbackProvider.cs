using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LoginBench;

/// <summary>
/// A GitHub-shaped OAuth 2.0 provider on loopback, one for both apps: the driver "approves" at the authorize step
/// by a method call (no HTTP: a browser's visit to the provider is not the apps' work), and the apps redeem the code
/// (client secret and PKCE verifier checked) and read /user over real HTTP. It counts the requests of each client.
/// </summary>
internal sealed class LoopbackProvider : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (string ClientId, string RedirectUri, string Challenge, int User)> _codes = new();
    private readonly ConcurrentDictionary<string, (int User, string ClientId)> _tokens = new();
    private readonly ConcurrentDictionary<string, long> _requests = new();
    private WebApplication? _app;

    public const string Secret = "bench-client-secret-0123456789abcdef";

    public Uri Address { get; private set; } = null!;

    public string AuthorizeUrl => new Uri(Address, "/login/oauth/authorize").ToString();

    public string TokenUrl => new Uri(Address, "/login/oauth/access_token").ToString();

    public string UserUrl => new Uri(Address, "/api/user").ToString();

    public long Requests(string clientId) => _requests.TryGetValue(clientId, out var n) ? n : 0;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/login/oauth/access_token", (Delegate)TokenAsync);
        app.MapGet("/api/user", (Delegate)User);
        await app.StartAsync();
        _app = app;
        Address = new Uri(app.Urls.First());
    }

    /// <summary>The user approves at once: the redirect back to the app with a fresh code.</summary>
    public string Approve(string authorizeUrl, int user)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query);
        var clientId = query["client_id"].ToString();
        var redirect = query["redirect_uri"].ToString();
        if (query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]) || string.IsNullOrEmpty(query["state"]))
        {
            throw new InvalidOperationException("authorize without S256 PKCE or state");
        }

        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (clientId, redirect, query["code_challenge"].ToString(), user);
        return $"{redirect}?code={code}&state={Uri.EscapeDataString(query["state"]!)}";
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var clientId = form["client_id"].ToString();
        Count(clientId);
        if (!_codes.TryRemove(form["code"].ToString(), out var grant) || grant.ClientId != clientId || form["client_secret"] != Secret
            || grant.RedirectUri != form["redirect_uri"] || S256(form["code_verifier"].ToString()) != grant.Challenge)
        {
            return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_grant" }, statusCode: 400);
        }

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        _tokens[token] = (grant.User, clientId);
        return Results.Json(new Dictionary<string, string> { ["access_token"] = token, ["token_type"] = "bearer", ["scope"] = "read:user,user:email" });
    }

    private IResult User(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.TryRemove(header[7..], out var grant))
        {
            return Results.StatusCode(401);
        }

        Count(grant.ClientId);
        var id = 1_000_000 + grant.User;
        return Results.Json(new Dictionary<string, object>
        {
            ["id"] = id, ["login"] = $"user{id}", ["name"] = $"User {id}", ["email"] = $"user{id}@example.test",
            ["avatar_url"] = $"https://avatars.example.test/u/{id}",
        });
    }

    private void Count(string clientId) => _requests.AddOrUpdate(clientId, 1, (_, n) => n + 1);

    private static string S256(string verifier) => Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

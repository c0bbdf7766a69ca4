using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>A client registered at the test OpenID provider.</summary>
/// <param name="Id">The app's provider id ("google", "microsoft", "acme").</param>
/// <param name="ClientId">client_id, e.g. "google-client".</param>
/// <param name="ClientSecret">client_secret.</param>
/// <param name="RedirectUri">The only registered redirect_uri.</param>
/// <param name="PostLogoutRedirectUri">The only registered post_logout_redirect_uri.</param>
/// <param name="TokenEndpointAuthMethod">"client_secret_post" or "client_secret_basic"; the provider rejects the other one.</param>
public sealed record OidcTestClient(
    string Id,
    string ClientId,
    string ClientSecret,
    Uri RedirectUri,
    Uri PostLogoutRedirectUri,
    string TokenEndpointAuthMethod);

/// <summary>Options for a provider started for one test with <see cref="OidcProviderFixture.StartAsync"/>.</summary>
public sealed record OidcProviderOptions
{
    /// <summary>Path appended to the issuer, e.g. "/{tenant}/v2.0" for an Entra-like issuer; null for none.</summary>
    public string? IssuerPath { get; init; }

    /// <summary>
    /// Claims merged into every id_token (not into userinfo), e.g. { ["tid"] = tenant }. Values: string, bool,
    /// int, long, double, a string sequence, a JsonNode, or null.
    /// </summary>
    public IReadOnlyDictionary<string, object?>? ExtraIdTokenClaims { get; init; }

    /// <summary>
    /// False (default): the id_token carries the scope claims (email, email_verified, name, picture) like
    /// Google and Entra do. True: oidc-provider's spec-conform default, those claims only come from userinfo.
    /// </summary>
    public bool ConformIdTokenClaims { get; init; }

    /// <summary>True: an authorization request without code_challenge is rejected (default: PKCE optional, but checked when used).</summary>
    public bool RequirePkce { get; init; }

    /// <summary>The registered clients; null for <see cref="OidcProviderFixture.StandardClients"/>.</summary>
    public IReadOnlyList<OidcTestClient>? Clients { get; init; }
}

/// <summary>
/// A real OpenID provider (npm oidc-provider via Functions.Tests/Node/oidc-server.mjs) on 127.0.0.1.
/// Accounts: alice (default) and bob, chosen by login_hint; login and consent complete by themselves.
/// Use as a class/collection fixture (standard clients, no issuer path) or start one with <see cref="StartAsync"/>.
/// </summary>
public sealed partial class OidcProviderFixture : IAsyncLifetime
{
    private const int MaxRedirects = 20;

    private readonly OidcProviderOptions _options;
    private readonly Dictionary<string, OidcTestClient> _clients;
    private TestProcess? _node;
    private string? _configPath;
    private string? _issuer;

    public OidcProviderFixture()
        : this(new OidcProviderOptions())
    {
    }

    private OidcProviderFixture(OidcProviderOptions options)
    {
        _options = options;
        _clients = (options.Clients ?? StandardClients).ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    /// <summary>The provider ids the standard clients are registered for.</summary>
    public static IReadOnlyList<string> StandardClientIds { get; } = ["google", "microsoft", "acme", "acme-post"];

    /// <summary>google-client, microsoft-client, acme-client, acme-post-client (microsoft and acme use client_secret_basic, the others client_secret_post).</summary>
    public static IReadOnlyList<OidcTestClient> StandardClients { get; } = [.. StandardClientIds.Select(StandardClient)];

    public static string ScriptPath => Path.Combine(RepoPaths.Root, "Functions.Tests", "Node", "oidc-server.mjs");

    /// <summary>The issuer, e.g. http://127.0.0.1:54321 or http://127.0.0.1:54321/{tenant}/v2.0 (no trailing slash).</summary>
    public string Issuer => _issuer ?? throw new InvalidOperationException("The OpenID provider is not started.");

    public Uri DiscoveryUri => new(Issuer + "/.well-known/openid-configuration");

    /// <summary>Everything the provider printed so far (warnings, and why requests failed).</summary>
    public string Output => _node?.Output ?? string.Empty;

    public IReadOnlyCollection<OidcTestClient> Clients => _clients.Values;

    public static OidcTestClient StandardClient(string id) => new(
        id,
        $"{id}-client",
        $"{id}-secret-for-tests-0123456789",
        new Uri($"http://localhost:7071{Routes.Provider(id)}/callback"),
        new Uri($"http://localhost:7071{Routes.Provider(id)}/logout"),
        id is "microsoft" or "acme" ? "client_secret_basic" : "client_secret_post");

    /// <summary>The client registered for a provider id ("google", "microsoft", "acme").</summary>
    public OidcTestClient Client(string id) =>
        _clients.TryGetValue(id, out var client)
            ? client
            : throw new ArgumentException($"No client '{id}' is registered; known: {string.Join(", ", _clients.Keys)}.", nameof(id));

    /// <summary>Starts a provider with custom options for one test; dispose it at the end of the test.</summary>
    public static async Task<OidcProviderFixture> StartAsync(OidcProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fixture = new OidcProviderFixture(options);
        try
        {
            await fixture.InitializeAsync().ConfigureAwait(false);
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (_node is not null)
        {
            return;
        }

        _configPath = Path.Combine(Path.GetTempPath(), $"oidc-provider-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(_configPath, ConfigJson()).ConfigureAwait(false);

        var (node, ready) = await TestProcess.StartNodeAsync(
            ScriptPath,
            ["--port", "0", "--config", _configPath],
            ReadyLine()).ConfigureAwait(false);
        _node = node;
        _issuer = ready.Groups["issuer"].Value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync().ConfigureAwait(false);
            _node = null;
        }

        if (_configPath is not null)
        {
            try
            {
                File.Delete(_configPath);
            }
            catch (IOException)
            {
                // A temp file; not worth failing a test for.
            }

            _configPath = null;
        }
    }

    /// <summary>
    /// Plays the browser for an authorization request to this provider: follows its redirects while they
    /// stay on the provider's origin (login and consent complete by themselves) and returns the first
    /// Location that leaves it, normally the client's redirect_uri with code, state and iss (or error),
    /// without requesting it.
    /// </summary>
    /// <param name="authorizationRequest">The authorization endpoint URL with the client's query (as the app redirects to it).</param>
    /// <param name="loginHint">Sets login_hint ("alice", "bob" or their email); null keeps the request's own (default alice).</param>
    /// <param name="cookies">The browser's cookie jar, to keep the provider session across calls; null for a fresh one.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    public Task<Uri> AuthorizeAsync(
        Uri authorizationRequest, string? loginHint = null, CookieContainer? cookies = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorizationRequest);
        var request = loginHint is null ? authorizationRequest : WithQueryParameter(authorizationRequest, "login_hint", loginHint);
        return FollowAsync(request, cookies ?? new CookieContainer(), mustLeave: true, cancellationToken);
    }

    /// <summary>
    /// Plays the browser for an RP-initiated logout (end_session_endpoint with id_token_hint or client_id,
    /// post_logout_redirect_uri, state): the provider confirms by itself. Returns the first Location that
    /// leaves the provider (post_logout_redirect_uri?state=...) or, without one, the provider's success page URL.
    /// </summary>
    public Task<Uri> EndSessionAsync(Uri endSessionRequest, CookieContainer? cookies = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endSessionRequest);
        return FollowAsync(endSessionRequest, cookies ?? new CookieContainer(), mustLeave: false, cancellationToken);
    }

    private async Task<Uri> FollowAsync(Uri start, CookieContainer cookies, bool mustLeave, CancellationToken cancellationToken)
    {
        var origin = new Uri(Issuer).GetLeftPart(UriPartial.Authority);
        if (!IsOn(start, origin))
        {
            throw new ArgumentException($"{start} is not a request to the test OpenID provider at {origin}.", nameof(start));
        }

        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

        var current = start;
        for (var hop = 0; hop < MaxRedirects; hop++)
        {
            using var response = await http.GetAsync(current, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (!IsOn(next, origin))
                {
                    return next;
                }

                current = next;
                continue;
            }

            if (!mustLeave && response.IsSuccessStatusCode)
            {
                return current;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException(
                $"The OpenID provider answered GET {current} with {status} instead of a redirect:\n{body}\n--- provider output ---\n{Output}");
        }

        throw new InvalidOperationException($"More than {MaxRedirects} redirects from {start}.\n--- provider output ---\n{Output}");
    }

    private static bool IsOn(Uri uri, string origin) =>
        uri.IsAbsoluteUri && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase);

    private static Uri WithQueryParameter(Uri uri, string name, string value)
    {
        var kept = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !string.Equals(Uri.UnescapeDataString(p.Split('=')[0]), name, StringComparison.Ordinal));
        var query = string.Join('&', kept.Append(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value)));
        return new UriBuilder(uri) { Query = query }.Uri;
    }

    private string ConfigJson()
    {
        var clients = new JsonArray();
        foreach (var c in _clients.Values)
        {
            clients.Add((JsonNode)new JsonObject
            {
                ["client_id"] = c.ClientId,
                ["client_secret"] = c.ClientSecret,
                ["redirect_uris"] = new JsonArray(c.RedirectUri.AbsoluteUri),
                ["post_logout_redirect_uris"] = new JsonArray(c.PostLogoutRedirectUri.AbsoluteUri),
                ["token_endpoint_auth_method"] = c.TokenEndpointAuthMethod,
            });
        }

        var config = new JsonObject
        {
            ["clients"] = clients,
            ["conformIdTokenClaims"] = _options.ConformIdTokenClaims,
            ["requirePkce"] = _options.RequirePkce,
        };
        if (!string.IsNullOrEmpty(_options.IssuerPath))
        {
            config["issuerPath"] = _options.IssuerPath;
        }

        if (_options.ExtraIdTokenClaims is { Count: > 0 } extra)
        {
            var claims = new JsonObject();
            foreach (var (name, value) in extra)
            {
                claims[name] = ToJson(name, value);
            }

            config["extraIdTokenClaims"] = claims;
        }

        return config.ToJsonString();
    }

    private static JsonNode? ToJson(string name, object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        IEnumerable<string> strings => new JsonArray([.. strings.Select(x => (JsonNode?)JsonValue.Create(x))]),
        _ => throw new ArgumentException($"Claim {name}: unsupported value type {value.GetType()}.", nameof(value)),
    };

    [GeneratedRegex(@"^oidc-provider listening on (?<issuer>http://127\.0\.0\.1:[0-9]+\S*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ReadyLine();
}

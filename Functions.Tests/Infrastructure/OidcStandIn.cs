using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>What the stand-in knows when it mints an id_token; tests change any of it to forge a bad one.</summary>
public sealed record IdTokenClaims(Dictionary<string, object> Claims, SigningCredentials? Signing);

/// <summary>
/// An OpenID provider on loopback whose answers a test can spoil: it mints id_tokens through
/// <see cref="IdTokenFactory"/>, and its token endpoint can fail, stall or answer garbage. For the well-behaved
/// flows the tests use the real oidc-provider; this exists for the answers a real provider never gives.
/// </summary>
public sealed class OidcStandIn : StandInServer
{
    public const string ClientId = "standin-client";
    public const string ClientSecret = "standin-secret-0123456789abcdef";
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly ConcurrentDictionary<string, (string Nonce, string RedirectUri)> _codes = new();
    private readonly string _discoveryPath;
    private readonly string _issuerPath;

    private OidcStandIn(string discoveryPath, string issuerPath)
    {
        _discoveryPath = discoveryPath;
        _issuerPath = issuerPath;
        Key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "key-1" };
    }

    public RsaSecurityKey Key { get; set; }

    /// <summary>The issuer the discovery document states (may hold Entra's {tenantid} template).</summary>
    public string MetadataIssuer => Address.ToString().TrimEnd('/') + _issuerPath;

    /// <summary>The issuer the app is configured with (where discovery lives).</summary>
    public string ConfiguredIssuer => Address.ToString().TrimEnd('/') + _discoveryPath;

    /// <summary>The issuer put in tokens; defaults to the metadata issuer.</summary>
    public string? TokenIssuer { get; set; }

    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.FromUnixTimeSeconds(0);

    /// <summary>Spoils the claims before signing; default leaves them as a correct provider would.</summary>
    public Action<IdTokenClaims> IdTokenFactory { get; set; } = _ => { };

    /// <summary>Replaces the whole id_token (e.g. alg=none).</summary>
    public Func<string, string>? RawIdToken { get; set; }

    public int TokenStatus { get; set; } = 200;

    public string? TokenBody { get; set; }

    public TimeSpan TokenDelay { get; set; }

    /// <summary>Anything but 200 makes the JWKS endpoint fail with that status: the provider's keys cannot be fetched.</summary>
    public int JwksStatus { get; set; } = 200;

    /// <summary>The iss parameter sent on the authorization response (RFC 9207); null sends none.</summary>
    public string? AuthorizationResponseIss { get; set; }

    public bool AdvertiseIss { get; set; }

    public static async Task<OidcStandIn> StartNewAsync(string discoveryPath = "", string? issuerPath = null)
    {
        var s = new OidcStandIn(discoveryPath, issuerPath ?? discoveryPath);
        await s.StartAsync();
        return s;
    }

    /// <summary>Entra's multi-tenant shape: discovery under /common/v2.0, issuer template /{tenantid}/v2.0.</summary>
    public static Task<OidcStandIn> StartEntraAsync() => StartNewAsync(discoveryPath: "/common/v2.0", issuerPath: "/{tenantid}/v2.0");

    /// <summary>Settings pointing the catalog's microsoft provider (tenant common) at an Entra-shaped stand-in.</summary>
    public Dictionary<string, string?> MicrosoftSettings() => new()
    {
        ["OAuth:Providers:microsoft:ClientId"] = ClientId,
        ["OAuth:Providers:microsoft:ClientSecret"] = ClientSecret,
        ["OAuth:Providers:microsoft:Issuer"] = ConfiguredIssuer,
        ["OAuth:Providers:microsoft:Tenant"] = "common",
    };

    /// <summary>The next sign-in is an account of <paramref name="tenant"/>: its tid, and the issuer template filled with it.</summary>
    public void SignInFromTenant(string tenant)
    {
        TokenIssuer = MetadataIssuer.Replace("{tenantid}", tenant, StringComparison.Ordinal);
        IdTokenFactory = t => t.Claims["tid"] = tenant;
    }

    /// <summary>Settings for a custom OIDC provider <paramref name="id"/> pointing here.</summary>
    public Dictionary<string, string?> Settings(string id = "standin") => new()
    {
        [$"OAuth:Providers:{id}:ClientId"] = ClientId,
        [$"OAuth:Providers:{id}:ClientSecret"] = ClientSecret,
        [$"OAuth:Providers:{id}:Issuer"] = ConfiguredIssuer,
    };

    protected override void Map(WebApplication app)
    {
        var p = _discoveryPath;
        app.MapGet(p + "/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = MetadataIssuer,
            ["authorization_endpoint"] = ConfiguredIssuer + "/authorize",
            ["token_endpoint"] = ConfiguredIssuer + "/token",
            ["userinfo_endpoint"] = ConfiguredIssuer + "/userinfo",
            ["jwks_uri"] = ConfiguredIssuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["authorization_response_iss_parameter_supported"] = AdvertiseIss,
        }));
        app.MapGet(p + "/jwks", () =>
        {
            if (JwksStatus != 200)
            {
                return Results.Json(new Dictionary<string, string> { ["error"] = "server_error" }, statusCode: JwksStatus);
            }

            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(Key.Rsa.ExportParameters(false)) { KeyId = Key.KeyId });
            return Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[] { new Dictionary<string, string> { ["kty"] = "RSA", ["kid"] = jwk.Kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = jwk.N, ["e"] = jwk.E } },
            });
        });
        app.MapGet(p + "/authorize", (HttpContext c) =>
        {
            var q = c.Request.Query;
            if (q["client_id"] != ClientId || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["nonce"]))
            {
                return Reject("authorize: client_id, S256 PKCE and nonce expected");
            }

            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
            _codes[code] = (q["nonce"]!, q["redirect_uri"]!);
            var iss = AuthorizationResponseIss is null ? string.Empty : "&iss=" + Uri.EscapeDataString(AuthorizationResponseIss);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"]!)}{iss}");
        });
        app.MapPost(p + "/token", async (HttpContext c) =>
        {
            if (TokenDelay > TimeSpan.Zero)
            {
                await Task.Delay(TokenDelay, c.RequestAborted);
            }

            var f = await c.Request.ReadFormAsync();
            if (TokenStatus != 200)
            {
                return Results.Json(new Dictionary<string, string> { ["error"] = "server_error" }, statusCode: TokenStatus);
            }

            if (TokenBody is not null)
            {
                return Results.Text(TokenBody, "text/html");
            }

            // client_secret_post or client_secret_basic (RFC 6749 §2.3.1: form-encoded, then joined by ':').
            var (id, secret) = (f["client_id"].ToString(), f["client_secret"].ToString());
            var auth = c.Request.Headers.Authorization.ToString();
            if (auth.StartsWith("Basic ", StringComparison.Ordinal))
            {
                var pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(auth[6..])).Split(':', 2);
                (id, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
            }

            if (id != ClientId || secret != ClientSecret || !_codes.TryRemove(f["code"].ToString(), out var grant) || f["redirect_uri"] != grant.RedirectUri)
            {
                return Reject("token: bad client, code or redirect_uri", 400, "invalid_grant");
            }

            var now = Now().ToUnixTimeSeconds();
            var claims = new IdTokenClaims(
                new Dictionary<string, object>
                {
                    ["iss"] = TokenIssuer ?? MetadataIssuer,
                    ["sub"] = "standin-user-1",
                    ["aud"] = ClientId,
                    ["nonce"] = grant.Nonce,
                    ["iat"] = now,
                    ["exp"] = now + 300,
                    ["name"] = "Stand In",
                    ["email"] = "standin@example.test",
                    ["email_verified"] = true,
                },
                new SigningCredentials(Key, SecurityAlgorithms.RsaSha256));
            IdTokenFactory(claims);
            var idToken = Handler.CreateToken(new SecurityTokenDescriptor { Claims = claims.Claims, SigningCredentials = claims.Signing });
            if (RawIdToken is not null)
            {
                idToken = RawIdToken(idToken);
            }

            return Results.Json(new Dictionary<string, object> { ["access_token"] = "at-" + Guid.NewGuid(), ["token_type"] = "Bearer", ["expires_in"] = 300, ["id_token"] = idToken });
        });
        app.MapGet(p + "/userinfo", () => Results.Json(new Dictionary<string, object> { ["sub"] = "standin-user-1", ["name"] = "Stand In" }));
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shouldly;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// Sign in with Apple's server on loopback, as documented: discovery (issuer = this stand-in's own URL), JWKS (RS256,
/// as Apple signs), /auth/authorize answering with response_mode=form_post — an HTML page whose form the browser
/// posts to the redirect URI with code, state and, on the user's first authorization only, <c>user</c> (JSON with the
/// name) — and /auth/token, which verifies the client_secret JWT's ES256 signature and claims with the developer key's
/// public half (<see cref="AppleClientSecretRules"/>) and answers anything else with invalid_client, as Apple does.
/// The id_token has the nonce, email and email_verified as the string "true", and never a name.
/// Apple refuses http and localhost redirect URIs; the stand-in allows loopback http, where the tests' app lives.
/// https://developer.apple.com/documentation/signinwithapplerestapi/request-an-authorization-to-the-sign-in-with-apple-server
/// </summary>
public sealed partial class AppleStandIn : StandInServer
{
    public const string ClientId = "com.example.auth.web";
    public const string TeamId = "TEAM4APPLE";
    public const string KeyId = "KEY0APPLE1";
    public const string Subject = "001234.5f7e3a2b9c8d4e6f8a1b2c3d4e5f6a7b.0815";
    public const string Email = "ada@privaterelay.appleid.com";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly ConcurrentDictionary<string, (string Nonce, string RedirectUri)> _codes = new();
    private readonly RsaSecurityKey _signingKey = new(RSA.Create(2048)) { KeyId = "apple-test-key" };
    private int _authorizations;

    /// <summary>The developer's private key (the .p8 file): the app signs client secrets with it, the stand-in verifies.</summary>
    public ECDsa DeveloperKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>Apple's clock, for the client secret's iat and exp; a test with a fake clock points it there.</summary>
    public Func<DateTimeOffset> Now { get; set; } = TimeProvider.System.GetUtcNow;

    /// <summary>What the form_post carries as <c>user</c> on the first authorization; null sends none.</summary>
    public string? FirstUserField { get; set; } = """{"name":{"firstName":"Ada","lastName":"Lovelace"},"email":"ada@privaterelay.appleid.com"}""";

    /// <summary>Client secrets the token endpoint accepted.</summary>
    public ConcurrentQueue<string> AcceptedSecrets { get; } = new();

    public string Issuer => Address.ToString().TrimEnd('/');

    public static async Task<AppleStandIn> StartNewAsync()
    {
        var s = new AppleStandIn();
        await s.StartAsync();
        return s;
    }

    /// <summary>Settings turning on the catalog's apple provider against this stand-in: the key as the client secret.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["OAuth:Providers:apple:ClientId"] = ClientId,
        ["OAuth:Providers:apple:TeamId"] = TeamId,
        ["OAuth:Providers:apple:KeyId"] = KeyId,
        ["OAuth:Providers:apple:ClientSecret"] = DeveloperKey.ExportPkcs8PrivateKeyPem(),
        ["OAuth:Providers:apple:Issuer"] = Issuer,
    };

    /// <summary>
    /// The user approves at Apple: returns the form Apple's page would post (its action and fields). Fails the test
    /// unless the page is Apple's auto-posting form.
    /// </summary>
    public static async Task<(Uri Action, Dictionary<string, string> Fields)> ApproveAsync(Uri authorizationUrl)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        using var page = await client.GetAsync(authorizationUrl);
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        var form = FormPattern().Match(html);
        form.Success.ShouldBeTrue(html);
        var fields = InputPattern().Matches(form.Groups["inputs"].Value)
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        return (new Uri(WebUtility.HtmlDecode(form.Groups["action"].Value)), fields);
    }

    protected override void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            // The shape of https://appleid.apple.com/.well-known/openid-configuration.
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/auth/authorize",
            ["token_endpoint"] = Issuer + "/auth/token",
            ["revocation_endpoint"] = Issuer + "/auth/revoke",
            ["jwks_uri"] = Issuer + "/auth/keys",
            ["response_types_supported"] = new[] { "code", "code id_token", "id_token" },
            ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["scopes_supported"] = new[] { "openid", "email", "name" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post" },
            ["claims_supported"] = new[] { "aud", "email", "email_verified", "exp", "iat", "is_private_email", "iss", "nonce", "nonce_supported", "real_user_status", "sub", "transfer_sub" },
        }));

        app.MapGet("/auth/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_signingKey.Rsa.ExportParameters(false)) { KeyId = _signingKey.KeyId });
            return Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[] { new Dictionary<string, string> { ["kty"] = "RSA", ["kid"] = jwk.Kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = jwk.N, ["e"] = jwk.E } },
            });
        });

        app.MapGet("/auth/authorize", (Func<HttpContext, IResult>)Authorize);
        app.MapPost("/auth/token", (Func<HttpContext, Task<IResult>>)TokenAsync);
    }

    private IResult Authorize(HttpContext c)
    {
        var q = c.Request.Query;
        var scopes = q["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (q["client_id"] != ClientId || q["response_type"] != "code" || string.IsNullOrEmpty(q["redirect_uri"]) || string.IsNullOrEmpty(q["state"]))
        {
            return Reject("authorize: client_id, response_type=code, redirect_uri and state expected");
        }

        if (scopes.Any(s => s is not ("openid" or "name" or "email")))
        {
            return Reject("authorize: Apple knows only the scopes openid, name and email", error: "invalid_scope");
        }

        if (scopes.Any(s => s is "name" or "email") && q["response_mode"] != "form_post")
        {
            // Apple: "response_mode must be form_post when name or email scope is requested."
            return Reject("authorize: response_mode must be form_post when name or email scope is requested");
        }

        if (string.IsNullOrEmpty(q["nonce"]))
        {
            return Reject("authorize: the app always sends a nonce");
        }

        var code = "c" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant() + ".0.mrqv.test";
        _codes[code] = (q["nonce"]!, q["redirect_uri"]!);
        var fields = new Dictionary<string, string> { ["state"] = q["state"]!, ["code"] = code };
        if (Interlocked.Increment(ref _authorizations) == 1 && FirstUserField is not null && scopes.Contains("name"))
        {
            fields["user"] = FirstUserField;
        }

        var inputs = string.Concat(fields.Select(f => $"<input type=\"hidden\" name=\"{f.Key}\" value=\"{WebUtility.HtmlEncode(f.Value)}\" />"));
        return Results.Content(
            $"<!DOCTYPE html><html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{WebUtility.HtmlEncode(q["redirect_uri"]!)}\">{inputs}</form></body></html>",
            "text/html; charset=utf-8");
    }

    private async Task<IResult> TokenAsync(HttpContext c)
    {
        var f = await c.Request.ReadFormAsync();
        var problem = f["client_id"] != ClientId ? "unknown client_id"
            : f["client_secret"].Count != 1 ? "one client_secret expected"
            : AppleClientSecretRules.Problem(f["client_secret"].ToString(), DeveloperKey, KeyId, TeamId, ClientId, Now());
        if (problem is not null)
        {
            return Reject("token: " + problem, 400, "invalid_client");
        }

        if (f["grant_type"] != "authorization_code" || !_codes.TryRemove(f["code"].ToString(), out var grant) || f["redirect_uri"] != grant.RedirectUri)
        {
            return Reject("token: bad grant_type, code or redirect_uri", 400, "invalid_grant");
        }

        AcceptedSecrets.Enqueue(f["client_secret"].ToString());
        var now = Now().ToUnixTimeSeconds();
        var idToken = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["iss"] = Issuer,
                ["aud"] = ClientId,
                ["exp"] = now + 600,
                ["iat"] = now,
                ["sub"] = Subject,
                ["nonce"] = grant.Nonce,
                ["at_hash"] = "q0Jo4v7k0v0y6W9k3Xxk1g",
                ["email"] = Email,
                ["email_verified"] = "true",
                ["is_private_email"] = "true",
                ["auth_time"] = now,
                ["nonce_supported"] = true,
            },
            SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256),
        });
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = "a" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant() + ".0.mrqv.test",
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["refresh_token"] = "r" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant() + ".0.mrqv.test",
            ["id_token"] = idToken,
        });
    }

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]+)\">(?<inputs>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\" />")]
    private static partial Regex InputPattern();
}

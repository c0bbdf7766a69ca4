using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shouldly;

namespace AuthFunctions.Tests.Secrets;

/// <summary>
/// The app JWT signing key from Key Vault: JWKS serves the current and the previous enabled version, tokens signed by
/// either validate, new tokens are signed with the current one, and the vault is read once per refresh interval.
/// </summary>
public sealed class SigningKeyRotationTests : IAsyncLifetime
{
    private const string KeySecret = "app-signing-key";
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private GitHubStandIn _github = null!;
    private KeyVaultStandIn _vault = null!;

    public async ValueTask InitializeAsync()
    {
        _github = await GitHubStandIn.StartNewAsync();
        _vault = await KeyVaultStandIn.StartNewAsync();
        _vault.SetSecret("github-client-secret", GitHubStandIn.ClientSecret);
        // One version per page: the versions list is followed through nextLink.
        _vault.PageSize = 1;
    }

    public async ValueTask DisposeAsync()
    {
        await _vault.DisposeAsync();
        await _github.DisposeAsync();
    }

    [Fact]
    public async Task A_rotated_signing_key_signs_new_tokens_while_tokens_of_the_previous_key_stay_valid()
    {
        var disabled = _vault.SetSecret(KeySecret, KeyVaultApp.NewSigningKeyPem());
        _vault.Disable(KeySecret, disabled);
        var (pem1, pem2, pem3) = (KeyVaultApp.NewSigningKeyPem(), KeyVaultApp.NewSigningKeyPem(), KeyVaultApp.NewSigningKeyPem());
        _vault.SetSecret(KeySecret, pem1);
        var settings = _github.Settings();
        settings.Remove("OAuth:Providers:github:ClientSecret");
        await using var app = await KeyVaultApp.StartAsync(_vault, settings, refreshInterval: Interval);

        // Before: one key (the disabled older version is not a previous key), and tokens carry its kid.
        var token1 = await SignInAsync(app);
        (await JwksKidsAsync(app)).ShouldBe([Kid(pem1)]);
        new JsonWebToken(token1).Kid.ShouldBe(Kid(pem1));
        _vault.Reads(KeySecret).ShouldBe(1);

        // Rotation: the new version is picked up once the refresh interval has passed, not before.
        _vault.SetSecret(KeySecret, pem2);
        (await JwksKidsAsync(app)).ShouldBe([Kid(pem1)]);
        app.Time.Advance(Interval + TimeSpan.FromSeconds(1));
        (await JwksKidsAsync(app)).ShouldBe([Kid(pem2), Kid(pem1)]);
        (await MeAsync(app, token1)).ShouldBe(HttpStatusCode.OK);
        var token2 = await SignInAsync(app);
        new JsonWebToken(token2).Kid.ShouldBe(Kid(pem2));
        (await MeAsync(app, token2)).ShouldBe(HttpStatusCode.OK);
        _vault.Reads(KeySecret).ShouldBe(2);

        // The next rotation retires the first key: its tokens are refused.
        _vault.SetSecret(KeySecret, pem3);
        app.Time.Advance(Interval + TimeSpan.FromSeconds(1));
        (await JwksKidsAsync(app)).ShouldBe([Kid(pem3), Kid(pem2)]);
        (await MeAsync(app, token1)).ShouldBe(HttpStatusCode.Unauthorized);
        (await MeAsync(app, token2)).ShouldBe(HttpStatusCode.OK);
        _vault.Reads(KeySecret).ShouldBe(3);
        _vault.Unexpected.ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_a_signing_key_in_the_vault_JWKS_answers_503_rather_than_serving_a_key_of_its_own()
    {
        await using var app = await KeyVaultApp.StartAsync(_vault, _github.Settings());

        using var response = await app.Browser.GetAsync("/api/auth/jwks");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await Flows.ProblemAsync(response)).GetProperty("code").GetString().ShouldBe("secret_unavailable");
    }

    private async Task<string> SignInAsync(TestApp app)
    {
        var back = await Flows.SignInAsync(app, "github", Flows.ApproveAtStandInAsync);
        return (await Flows.RedeemAsync(app, Flows.Fragment(back, "code")!)).GetProperty("access_token").GetString()!;
    }

    private static async Task<string[]> JwksKidsAsync(TestApp app)
    {
        using var jwks = JsonDocument.Parse(await app.Browser.GetStringAsync("/api/auth/jwks"));
        return [.. jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }

    private static async Task<HttpStatusCode> MeAsync(TestApp app, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await app.Browser.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The RFC 7638 thumbprint of the key's public part, computed by IdentityModel rather than by the app.</summary>
    private static string Kid(string pem)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ecdsa));
        return Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
    }
}

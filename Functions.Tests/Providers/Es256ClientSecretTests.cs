using System.Security.Cryptography;
using AuthFunctions.Providers;
using AuthFunctions.Secrets;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace AuthFunctions.Tests.Providers;

/// <summary>The es256_client_secret method (Sign in with Apple): the minted JWT, its claims, its cache and a bad key.</summary>
public sealed class Es256ClientSecretTests : IDisposable
{
    private const string TeamId = "TEAM123456";
    private const string KeyId = "KEY1234567";
    private const string ClientId = "com.example.web";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_750_000_000));
    private readonly Store _store = new();

    public Es256ClientSecretTests() => _store.Pem = _key.ExportPkcs8PrivateKeyPem();

    public void Dispose() => _key.Dispose();

    private static ResolvedProvider Apple(string keyId = KeyId) => new()
    {
        Id = "apple",
        DisplayName = "Apple",
        Protocol = Protocols.Oidc,
        ClientId = ClientId,
        Scopes = ["openid"],
        TokenEndpointAuthMethod = ClientAuthMethods.Es256ClientSecret,
        Profile = ProfileMap.Default,
        Settings = new Dictionary<string, string> { ["teamId"] = TeamId, ["keyId"] = keyId },
    };

    private Es256ClientSecret Secrets(bool keyVault = false) =>
        new(_store, Options.Create(new KeyVaultOptions { Uri = keyVault ? "https://kv.example.vault.azure.net/" : null }), _time);

    private ValueTask<string> MintAsync(Es256ClientSecret secrets, ResolvedProvider? provider = null) =>
        secrets.GetAsync(provider ?? Apple(), CancellationToken.None);

    [Fact]
    public async Task The_secret_is_an_ES256_JWT_that_the_public_key_verifies_with_exactly_Apples_header_and_claims()
    {
        var jwt = await MintAsync(Secrets());

        AppleClientSecretRules.Problem(jwt, _key, KeyId, TeamId, ClientId, _time.GetUtcNow()).ShouldBeNull();
        var header = AppleClientSecretRules.Part(jwt, 0);
        header.EnumerateObject().Select(p => p.Name).ShouldBe(["alg", "kid"]);
        header.GetProperty("alg").GetString().ShouldBe("ES256");
        header.GetProperty("kid").GetString().ShouldBe(KeyId);
        var claims = AppleClientSecretRules.Part(jwt, 1);
        claims.EnumerateObject().Select(p => p.Name).ShouldBe(["iss", "iat", "exp", "aud", "sub"], ignoreOrder: true);
        claims.GetProperty("iss").GetString().ShouldBe(TeamId);
        claims.GetProperty("sub").GetString().ShouldBe(ClientId);
        claims.GetProperty("aud").GetString().ShouldBe("https://appleid.apple.com");
        claims.GetProperty("iat").GetInt64().ShouldBe(_time.GetUtcNow().ToUnixTimeSeconds());
        claims.GetProperty("exp").GetInt64().ShouldBe(_time.GetUtcNow().ToUnixTimeSeconds() + 3600);
    }

    [Fact]
    public async Task Another_key_does_not_verify_the_secret()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var jwt = await MintAsync(Secrets());

        AppleClientSecretRules.Problem(jwt, other, KeyId, TeamId, ClientId, _time.GetUtcNow()).ShouldNotBeNull();
    }

    [Fact]
    public void The_lifetime_stays_within_what_Apple_accepts_and_renewal_comes_before_expiry()
    {
        Es256ClientSecret.Lifetime.ShouldBeLessThanOrEqualTo(Es256ClientSecret.MaxLifetime);
        Es256ClientSecret.MaxLifetime.TotalSeconds.ShouldBe(AppleClientSecretRules.MaxSecondsAhead);
        Es256ClientSecret.RenewBefore.ShouldBeGreaterThan(TimeSpan.Zero);
        Es256ClientSecret.RenewBefore.ShouldBeLessThan(Es256ClientSecret.Lifetime);
    }

    [Fact]
    public async Task The_secret_is_reused_until_five_minutes_before_it_expires_then_renewed()
    {
        var secrets = Secrets();
        var first = await MintAsync(secrets);

        _time.Advance(Es256ClientSecret.Lifetime - Es256ClientSecret.RenewBefore - TimeSpan.FromSeconds(1));
        (await MintAsync(secrets)).ShouldBe(first);

        _time.Advance(TimeSpan.FromSeconds(1));
        var renewed = await MintAsync(secrets);

        renewed.ShouldNotBe(first);
        AppleClientSecretRules.Part(renewed, 1).GetProperty("iat").GetInt64().ShouldBe(_time.GetUtcNow().ToUnixTimeSeconds());
        AppleClientSecretRules.Problem(renewed, _key, KeyId, TeamId, ClientId, _time.GetUtcNow()).ShouldBeNull();
        (await MintAsync(secrets)).ShouldBe(renewed);
    }

    [Fact]
    public async Task A_rotated_key_or_another_key_id_gets_a_new_secret_at_once()
    {
        var secrets = Secrets();
        var first = await MintAsync(secrets);
        using var rotated = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        _store.Pem = rotated.ExportPkcs8PrivateKeyPem();
        var afterRotation = await MintAsync(secrets);
        var otherKid = await MintAsync(secrets, Apple(keyId: "KEY7654321"));

        afterRotation.ShouldNotBe(first);
        AppleClientSecretRules.Problem(afterRotation, rotated, KeyId, TeamId, ClientId, _time.GetUtcNow()).ShouldBeNull();
        AppleClientSecretRules.Problem(otherKid, rotated, "KEY7654321", TeamId, ClientId, _time.GetUtcNow()).ShouldBeNull();
    }

    [Fact]
    public async Task Concurrent_callers_all_get_a_valid_secret()
    {
        var secrets = Secrets();

        var all = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => MintAsync(secrets).AsTask())));

        all.Distinct().ShouldAllBe(jwt => AppleClientSecretRules.Problem(jwt, _key, KeyId, TeamId, ClientId, _time.GetUtcNow()) == null);
        (await MintAsync(secrets)).ShouldBeOneOf(all);
    }

    [Fact]
    public async Task After_invalid_client_a_refresh_mints_from_the_stores_fresher_key_or_gives_up_when_it_has_none()
    {
        var secrets = Secrets();
        var rejected = await MintAsync(secrets);

        (await secrets.RefreshAsync(Apple(), rejected, CancellationToken.None)).ShouldBeNull();

        using var rotated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _store.Fresher = rotated.ExportPkcs8PrivateKeyPem();
        var fresh = await secrets.RefreshAsync(Apple(), rejected, CancellationToken.None);

        fresh.ShouldNotBeNull();
        AppleClientSecretRules.Problem(fresh, rotated, KeyId, TeamId, ClientId, _time.GetUtcNow()).ShouldBeNull();
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    [InlineData("rsa")]
    [InlineData("p384")]
    public async Task A_value_that_is_not_a_P256_private_key_fails_closed_naming_the_setting_never_the_value(string kind)
    {
        using var rsa = RSA.Create(2048);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        _store.Pem = kind switch { "rsa" => rsa.ExportPkcs8PrivateKeyPem(), "p384" => p384.ExportPkcs8PrivateKeyPem(), _ => kind };

        var e = await Should.ThrowAsync<SecretUnavailableException>(() => MintAsync(Secrets()).AsTask());
        var vault = await Should.ThrowAsync<SecretUnavailableException>(() => MintAsync(Secrets(keyVault: true)).AsTask());

        e.Message.ShouldContain("OAuth__Providers__apple__ClientSecret");
        vault.Message.ShouldContain("Key Vault secret apple-client-secret");
        foreach (var message in new[] { e.Message, vault.Message })
        {
            message.ShouldNotContain(_store.Pem.Length > 40 ? _store.Pem[30..40] : _store.Pem);
        }

        Es256ClientSecret.IsP256PrivateKey(_store.Pem).ShouldBeFalse();
    }

    [Fact]
    public async Task A_key_pasted_with_escaped_line_breaks_or_without_its_armour_still_works()
    {
        var pem = _key.ExportPkcs8PrivateKeyPem();
        var escaped = pem.Replace("\n", "\\n", StringComparison.Ordinal);
        var bare = Convert.ToBase64String(_key.ExportPkcs8PrivateKey());

        foreach (var value in new[] { escaped, bare })
        {
            _store.Pem = value;
            Es256ClientSecret.IsP256PrivateKey(value).ShouldBeTrue();
            AppleClientSecretRules.Problem(await MintAsync(Secrets()), _key, KeyId, TeamId, ClientId, _time.GetUtcNow()).ShouldBeNull();
        }
    }

    /// <summary>A secret store holding one key; <see cref="Fresher"/> is what a forced refresh finds (null: nothing new).</summary>
    private sealed class Store : ISecretStore
    {
        public string Pem { get; set; } = "";

        public string? Fresher { get; set; }

        public ValueTask<string> GetClientSecretAsync(string providerId, CancellationToken cancellationToken) =>
            providerId == "apple" ? ValueTask.FromResult(Pem) : throw new SecretUnavailableException("unknown provider");

        public ValueTask<string?> RefreshClientSecretAsync(string providerId, string rejected, CancellationToken cancellationToken)
        {
            if (Fresher is null || rejected != Pem)
            {
                return ValueTask.FromResult<string?>(null);
            }

            Pem = Fresher;
            return ValueTask.FromResult<string?>(Pem);
        }
    }
}

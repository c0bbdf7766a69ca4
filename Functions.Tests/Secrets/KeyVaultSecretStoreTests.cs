using AuthFunctions.Providers;
using AuthFunctions.Secrets;
using AuthFunctions.Sessions;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Shouldly;

namespace AuthFunctions.Tests.Secrets;

/// <summary>The secret store the app builds, driven directly: caching, single flight, forced refresh, start-up rules.</summary>
public sealed class KeyVaultSecretStoreTests : IAsyncLifetime
{
    private const string SecretName = "github-client-secret";
    private static readonly Dictionary<string, string?> GitHub = new() { ["OAuth:Providers:github:ClientId"] = "github-client" };
    private KeyVaultStandIn _vault = null!;

    public async ValueTask InitializeAsync() => _vault = await KeyVaultStandIn.StartNewAsync();

    public async ValueTask DisposeAsync() => await _vault.DisposeAsync();

    private static (ISecretStore Store, string GitHub) StoreOf(TestApp app) =>
        (app.Services.GetRequiredService<ISecretStore>(), app.Services.GetRequiredService<ProviderRegistry>().Find("github")!.Id);

    [Fact]
    public async Task A_thousand_reads_from_cold_make_one_vault_call_and_one_more_after_the_refresh_interval()
    {
        _vault.SetSecret(SecretName, "secret-1");
        await using var app = await KeyVaultApp.StartAsync(_vault, GitHub, refreshInterval: TimeSpan.FromMinutes(5));
        var (store, github) = StoreOf(app);

        var first = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => store.GetClientSecretAsync(github, CancellationToken.None).AsTask())));
        first.ShouldAllBe(s => s == "secret-1");
        _vault.Reads(SecretName).ShouldBe(1);

        app.Time.Advance(TimeSpan.FromMinutes(4));
        for (var i = 0; i < 1000; i++)
        {
            (await store.GetClientSecretAsync(github, CancellationToken.None)).ShouldBe("secret-1");
        }

        _vault.Reads(SecretName).ShouldBe(1);

        _vault.SetSecret(SecretName, "secret-2");
        app.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var second = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => store.GetClientSecretAsync(github, CancellationToken.None).AsTask())));
        second.ShouldAllBe(s => s == "secret-2");
        _vault.Reads(SecretName).ShouldBe(2);
        _vault.Unexpected.ShouldBeEmpty();
    }

    [Fact]
    public async Task Concurrent_refreshes_after_invalid_client_make_one_vault_call_and_return_the_rotated_secret()
    {
        _vault.SetSecret(SecretName, "before-rotation");
        await using var app = await KeyVaultApp.StartAsync(_vault, GitHub);
        var (store, github) = StoreOf(app);
        (await store.GetClientSecretAsync(github, CancellationToken.None)).ShouldBe("before-rotation");
        _vault.SetSecret(SecretName, "after-rotation");

        var fresh = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => store.RefreshClientSecretAsync(github, "before-rotation", CancellationToken.None).AsTask())));

        fresh.ShouldAllBe(s => s == "after-rotation");
        _vault.Reads(SecretName).ShouldBe(2);
        (await store.GetClientSecretAsync(github, CancellationToken.None)).ShouldBe("after-rotation");
        // A refresh for a value the vault still holds finds nothing newer.
        (await store.RefreshClientSecretAsync(github, "after-rotation", CancellationToken.None)).ShouldBeNull();
        _vault.Reads(SecretName).ShouldBe(3);
    }

    [Fact]
    public async Task Start_up_and_requests_that_need_no_secret_make_no_Key_Vault_call()
    {
        _vault.SetSecret(SecretName, "secret-1");
        await using var app = await KeyVaultApp.StartAsync(_vault, GitHub);

        (await app.Browser.GetStringAsync("/api/auth/providers")).ShouldContain("\"id\":\"github\"");

        _vault.Requests.ShouldBeEmpty();
        _vault.Credential.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_KeyVault_Uri_the_client_secret_comes_from_configuration_and_cannot_be_refreshed()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>(GitHub) { ["OAuth:Providers:github:ClientSecret"] = "from-settings" });
        var (store, github) = StoreOf(app);

        (await store.GetClientSecretAsync(github, CancellationToken.None)).ShouldBe("from-settings");
        (await store.RefreshClientSecretAsync(github, "from-settings", CancellationToken.None)).ShouldBeNull();
        _vault.Requests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("KeyVault:Uri", "http://kv-name.vault.azure.net/", "KeyVault__Uri")]
    [InlineData("KeyVault:Uri", "not a url", "KeyVault__Uri")]
    [InlineData("KeyVault:RefreshInterval", "00:00:00", "KeyVault__RefreshInterval")]
    [InlineData("KeyVault:RefreshInterval", "half an hour", "RefreshInterval")]
    [InlineData("KeyVault:GracePeriod", "-00:01:00", "KeyVault__GracePeriod")]
    [InlineData("KeyVault:SigningKeySecretName", "app_signing_key", "KeyVault__SigningKeySecretName")]
    [InlineData("KeyVault:Url", "https://kv-name.vault.azure.net/", "Url")]
    public async Task A_malformed_KeyVault_setting_stops_start_up_naming_it(string key, string value, string named)
    {
        (await TestApp.StartupFailureAsync(new Dictionary<string, string?> { [key] = value }, "Development")).ShouldContain(named);
    }

    [Theory]
    [InlineData(false, false, false, true)]
    [InlineData(false, true, false, false)]
    [InlineData(true, false, false, false)]
    [InlineData(false, false, true, false)]
    public void Outside_Development_the_signing_key_must_come_from_OAuth_SigningKey_or_Key_Vault(bool pemSet, bool keyVault, bool development, bool isError)
    {
        var pem = pemSet ? KeyVaultApp.NewSigningKeyPem() : null;

        var error = SigningKeys.SourceError(pem, keyVault, development);

        (error is not null).ShouldBe(isError);
        if (isError)
        {
            error.ShouldStartWith("OAuth__SigningKey");
        }
    }

    [Fact]
    public void A_malformed_OAuth_SigningKey_is_an_error_even_with_Key_Vault()
    {
        SigningKeys.SourceError("not a pem", keyVaultEnabled: true, isDevelopment: false).ShouldStartWith("OAuth__SigningKey");
    }
}

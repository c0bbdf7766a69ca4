using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Secrets;

/// <summary>
/// A real OpenID provider (oidc-provider) answers 401 invalid_client to a secret it does not know: the app reads the
/// secret from Key Vault once more and redeems the same code with it.
/// </summary>
public sealed class KeyVaultOidcRotationTests(OidcProviderFixture provider) : IAsyncLifetime
{
    private KeyVaultStandIn _vault = null!;

    public async ValueTask InitializeAsync()
    {
        _vault = await KeyVaultStandIn.StartNewAsync();
        _vault.SetSecret("app-signing-key", KeyVaultApp.NewSigningKeyPem());
    }

    public async ValueTask DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task A_rotated_secret_sent_by_client_secret_post_is_read_again_on_invalid_client_and_the_same_code_is_redeemed()
    {
        await SignInAcrossRotationAsync(provider, "google", new());
    }

    [Fact]
    public async Task A_rotated_secret_sent_by_client_secret_basic_is_read_again_on_invalid_client_and_the_same_code_is_redeemed()
    {
        const string tenant = "3c1f7a52-2c5d-4f7e-9a0b-6d2e8f1b4c7a";
        await using var entra = await OidcProviderFixture.StartAsync(new OidcProviderOptions
        {
            IssuerPath = $"/{tenant}/v2.0",
            ExtraIdTokenClaims = new Dictionary<string, object?> { ["tid"] = tenant },
        });

        await SignInAcrossRotationAsync(entra, "microsoft", new() { ["OAuth:Providers:microsoft:Tenant"] = tenant });
    }

    private async Task SignInAcrossRotationAsync(OidcProviderFixture oidc, string id, Dictionary<string, string?> extra)
    {
        var client = oidc.Client(id);
        _vault.SetSecret($"{id}-client-secret", "the-secret-before-rotation");
        extra[$"OAuth:Providers:{id}:ClientId"] = client.ClientId;
        extra[$"OAuth:Providers:{id}:Issuer"] = oidc.Issuer;
        await using var app = await KeyVaultApp.StartAsync(_vault, extra);
        using var login = await Flows.LoginAsync(app, id);
        var callback = await oidc.AuthorizeAsync(login.Headers.Location!);

        // The secret is rotated after the login: the provider knows only the new one, the vault has it as a new version.
        _vault.SetSecret($"{id}-client-secret", client.ClientSecret);
        using var done = await Flows.CallbackAsync(app, callback);

        var back = done.Headers.Location!.ToString();
        back.ShouldStartWith(TestApp.SpaUrl + "#code=");
        var session = await Flows.RedeemAsync(app, Flows.Fragment(back, "code")!);
        session.GetProperty("user").GetProperty("id").GetString().ShouldBe($"{id}:alice");
        _vault.Reads($"{id}-client-secret").ShouldBe(2);
        _vault.Unexpected.ShouldBeEmpty();
    }
}

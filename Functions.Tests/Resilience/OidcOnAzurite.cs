using AuthFunctions.Tests.Infrastructure;

namespace AuthFunctions.Tests.Resilience;

/// <summary>The app in Production with state in Azurite and one custom OIDC provider, <c>standin</c>, whose answers a test spoils.</summary>
public abstract class OidcOnAzurite(AzuriteFixture azurite) : IAsyncLifetime
{
    protected const string Provider = "standin";

    protected OidcStandIn Oidc { get; private set; } = null!;

    protected TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Oidc = await OidcStandIn.StartNewAsync();
        var settings = Oidc.Settings(Provider);
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        App = await TestApp.StartAsync(settings, environment: "Production");
        Oidc.Now = App.Time.GetUtcNow;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Oidc.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

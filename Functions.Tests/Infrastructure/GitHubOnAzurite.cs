namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// The set-up most flow tests share: the app in Production with the github provider pointed at a
/// <see cref="GitHubStandIn"/> and state in Azurite. Subclasses may add settings.
/// </summary>
public abstract class GitHubOnAzurite(AzuriteFixture azurite) : IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; } = azurite;

    protected GitHubStandIn GitHub { get; private set; } = null!;

    protected TestApp App { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        GitHub = await GitHubStandIn.StartNewAsync();
        var settings = GitHub.Settings();
        settings["AzureWebJobsStorage"] = Azurite.ConnectionString;
        foreach (var (k, v) in await MoreSettingsAsync())
        {
            settings[k] = v;
        }

        App = await TestApp.StartAsync(settings, environment: "Production");
    }

    /// <summary>Settings added to the standard ones, e.g. a second provider.</summary>
    protected virtual Task<Dictionary<string, string?>> MoreSettingsAsync() => Task.FromResult(new Dictionary<string, string?>());

    public virtual async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await GitHub.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

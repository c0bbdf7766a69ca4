using AuthFunctions.Tests.Infrastructure;

namespace AuthFunctions.Tests.Policy;

/// <summary>A GitHub stand-in and Azurite; each test starts the app with the rules it is about.</summary>
public abstract class GitHubPolicyApps(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly List<TestApp> _apps = [];

    protected GitHubStandIn GitHub { get; private set; } = null!;

    public async ValueTask InitializeAsync() => GitHub = await GitHubStandIn.StartNewAsync();

    /// <summary>The app in Production against the stand-in and Azurite, plus <paramref name="rules"/> (<c>OAuth:Allow:0</c> = …).</summary>
    protected async Task<TestApp> StartAsync(params (string Setting, string Value)[] rules)
    {
        var settings = GitHub.Settings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        foreach (var (k, v) in rules)
        {
            settings[k] = v;
        }

        var app = await TestApp.StartAsync(settings, environment: "Production");
        _apps.Add(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await GitHub.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

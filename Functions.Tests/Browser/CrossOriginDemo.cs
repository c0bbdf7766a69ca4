using AuthFunctions.Tests.Infrastructure;

namespace AuthFunctions.Tests.Browser;

/// <summary>
/// The demo SPA served from an origin of its own (<see cref="SpaOrigin"/>), signing in to the app on
/// <see cref="AppBase"/>: CORS is in play as for a real SPA on a CDN. The app's port is chosen first, so a test can
/// register it with a provider before <see cref="StartAsync"/>.
/// </summary>
public sealed class CrossOriginDemo : IAsyncDisposable
{
    private readonly HttpClient _fetcher = new();
    private SpaHost? _spa;
    private TestApp? _app;

    public int AppPort { get; } = AzuriteFixture.FreePort();

    public string AppBase => $"http://127.0.0.1:{AppPort}";

    public string SpaOrigin { get; private set; } = "";

    public TestApp App => _app ?? throw new InvalidOperationException("Start the demo first.");

    /// <summary>Starts the SPA host and the app (Development, its public URL the request's), with <paramref name="settings"/> added.</summary>
    public async Task<CrossOriginDemo> StartAsync(Dictionary<string, string?>? settings = null)
    {
        _spa = await SpaHost.StartNewAsync(() => _fetcher.GetStringAsync(AppBase + "/"));
        SpaOrigin = $"http://localhost:{_spa.Address.Port}/";
        var all = new Dictionary<string, string?> { ["OAuth:PublicBaseUrl"] = null, ["OAuth:AllowedReturnUrls:0"] = SpaOrigin };
        foreach (var (k, v) in settings ?? [])
        {
            all[k] = v;
        }

        _app = await TestApp.StartAsync(all, port: AppPort);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_spa is not null)
        {
            await _spa.DisposeAsync();
        }

        _fetcher.Dispose();
    }
}

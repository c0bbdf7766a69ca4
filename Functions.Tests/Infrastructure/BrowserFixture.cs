using Microsoft.Playwright;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium (apt package <c>chromium</c>, installed by .ci/run) driven by Playwright; never a downloaded
/// browser. The flags keep it off the network beyond loopback.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install chromium (.ci/run does).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>Serves the demo SPA from an origin of its own, as a static host (a CDN, Static Web Apps) would.</summary>
public sealed class SpaHost : StandInServer
{
    private readonly Func<Task<string>> _page;

    private SpaHost(Func<Task<string>> page) => _page = page;

    public static async Task<SpaHost> StartNewAsync(Func<Task<string>> page)
    {
        var host = new SpaHost(page);
        await host.StartAsync();
        return host;
    }

    protected override void Map(Microsoft.AspNetCore.Builder.WebApplication app) =>
        Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(app, "/", async () =>
            Microsoft.AspNetCore.Http.Results.Content(await _page(), "text/html; charset=utf-8"));
}

using System.Net;
using AuthFunctions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>An app the flows can drive: a browser-like client and the mapping from public URLs to its real address.</summary>
public interface IAppUnderTest
{
    HttpClient Browser { get; }

    /// <summary>Where the app really listens.</summary>
    Uri Address { get; }

    /// <summary>Rewrites a URL on the public base (as a provider redirects to it) onto the app's real address.</summary>
    Uri Local(string publicUrl);

    /// <summary>The one implementation of <see cref="Local"/>: same path, query and fragment on <paramref name="address"/>.</summary>
    static Uri Rebase(Uri address, string publicUrl)
    {
        var u = new Uri(publicUrl);
        return new Uri(address, u.PathAndQuery + u.Fragment);
    }
}

/// <summary>
/// The real app on Kestrel, 127.0.0.1 and a free port, with settings given as command-line arguments (as the
/// Functions host would give app settings) and a fake clock. A client with a cookie jar plays the browser.
/// </summary>
public sealed class TestApp : IAppUnderTest, IAsyncDisposable
{
    /// <summary>What the app believes its public URL is; the providers' registered redirect URIs use it.</summary>
    public const string PublicBaseUrl = "http://localhost:7071";
    public const string SpaUrl = "http://localhost:5173/";

    private TestApp(WebApplication app, Uri address, FakeTimeProvider time)
    {
        App = app;
        Address = address;
        Time = time;
        Cookies = new CookieContainer();
        Browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public FakeTimeProvider Time { get; }

    public CookieContainer Cookies { get; }

    /// <summary>A browser: keeps cookies, never follows redirects by itself.</summary>
    public HttpClient Browser { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<TestApp> StartAsync(
        IDictionary<string, string?> settings, string environment = "Development", Action<WebApplicationBuilder>? configure = null, int port = 0,
        bool sweeper = false)
    {
        // Starts at the real time: real providers (oidc-provider) stamp tokens with it.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var all = StandardSettings(environment);
        foreach (var (k, v) in settings)
        {
            all[k] = v;
        }

        var args = new List<string> { "--environment=" + environment, $"--urls=http://127.0.0.1:{port}" };
        args.AddRange(all.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}"));
        var app = LocalHost.Create([.. args], builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(time);
            if (!sweeper)
            {
                // Tests share Azurite's tables but each has its own clock: one app's sweep, its clock advanced by days,
                // would delete another test's live rows. Only the tests of the sweep itself run it.
                builder.Services.Remove(builder.Services.Single(d => d.ImplementationType == typeof(AuthFunctions.Storage.CleanupService)));
            }

            builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestApp(app, new Uri(address), time);
    }

    public Uri Local(string publicUrl) => IAppUnderTest.Rebase(Address, publicUrl);

    /// <summary>The settings every test app starts with: the public URL, the SPA, and outside Development a signing key.</summary>
    public static Dictionary<string, string?> StandardSettings(string environment)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["OAuth:PublicBaseUrl"] = PublicBaseUrl,
            ["OAuth:AllowedReturnUrls:0"] = SpaUrl,
        };
        if (environment != "Development")
        {
            // Outside Development the app refuses in-memory state; tests that name no storage get the run's Azurite.
            all["AzureWebJobsStorage"] = (AzuriteFixture.Current ?? throw new InvalidOperationException("Azurite is not started.")).ConnectionString;
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            all["OAuth:SigningKey"] = key.ExportPkcs8PrivateKeyPem();
        }

        return all;
    }

    /// <summary>Starts an app that must refuse to start; returns the reasons it gave (validation failures, or the message).</summary>
    public static async Task<string> StartupFailureAsync(IDictionary<string, string?> settings, string environment)
    {
        var e = await Shouldly.Should.ThrowAsync<Exception>(async () =>
        {
            await using var app = await StartAsync(settings, environment);
        });
        var lines = AuthFunctions.Hosting.StartupErrors.Describe(e, configuration: null);
        return lines.Count > 0 ? string.Join("\n", lines) : e.Message;
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

using System.Net;
using AuthFunctions.Tests.FunctionsHost;
using AuthFunctions.Tests.Hosting;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// The real built worker under the protocol test host, as the Functions host runs it: settings become environment
/// variables, requests go through the host's routing and forwarding. Its clock is the real one.
/// </summary>
public sealed class WorkerApp : IAppUnderTest, IAsyncDisposable
{
    private WorkerApp(FunctionsTestHost host)
    {
        Host = host;
        Cookies = new CookieContainer();
        Browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true })
        {
            BaseAddress = host.Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public FunctionsTestHost Host { get; }

    public Uri Address => Host.Address;

    public HttpClient Browser { get; }

    public CookieContainer Cookies { get; }

    /// <summary>Everything the worker printed or logged: tests check that no code, state or token is among it.</summary>
    public string Output => Host.Output;

    public Uri Local(string publicUrl) => IAppUnderTest.Rebase(Address, publicUrl);

    /// <summary>Starts the worker from <paramref name="appDirectory"/> (default: the Functions project's build output).</summary>
    public static async Task<WorkerApp> StartAsync(IDictionary<string, string?> settings, string environment = "Development", string? appDirectory = null)
    {
        var all = TestApp.StandardSettings(environment);
        foreach (var (k, v) in settings)
        {
            all[k] = v;
        }

        var host = await FunctionsTestHost.StartAsync(new FunctionsTestHostOptions
        {
            AppDirectory = appDirectory ?? FunctionsMetadata.AppDirectory,
            Environment = all,
            HostingEnvironment = environment,
        });
        return new WorkerApp(host);
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await Host.DisposeAsync();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AuthFunctions.Tests.FunctionsHost;

namespace LoginBench;

/// <summary>One app under load: its process (pinned to the app core), where it listens, and how a sign-in goes.</summary>
internal sealed class Subject : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly FunctionsTestHost? _host;
    private string? _log;

    private Subject(string name, bool ours, Uri address, int pid, Process? process, FunctionsTestHost? host, bool hasStats)
    {
        Name = name;
        IsOurs = ours;
        Address = address;
        Pid = pid;
        _process = process;
        _host = host;
        HasStats = hasStats;
    }

    public string Name { get; }

    public bool IsOurs { get; }

    public Uri Address { get; }

    /// <summary>The process whose CPU time counts: the app, or the worker (not the protocol test host).</summary>
    public int Pid { get; }

    /// <summary>True when the app answers <c>/bench/stats</c> (allocations; storage operations for ours).</summary>
    public bool HasStats { get; }

    /// <summary>Ours with <c>mode=cookie</c>: the callback ends the sign-in with an HttpOnly session cookie, no POST /session.</summary>
    public bool CookieMode { get; set; }

    /// <summary>False for the --no-session experiment.</summary>
    public bool Redeem { get; set; } = true;

    public string ClientId => IsOurs ? OursClientId : BaselineClientId;

    public const string OursClientId = "Iv1.bench-ours";
    public const string BaselineClientId = "Iv1.bench-baseline";

    public Task<bool> LoginAsync(HttpClient http, LoopbackProvider provider, int user, CancellationToken cancellationToken) =>
        !IsOurs ? Flows.BaselineAsync(http, Address, provider, user, cancellationToken)
        : CookieMode ? Flows.OursCookieAsync(http, Address, provider, user, cancellationToken)
        : Flows.OursAsync(http, Address, provider, user, Redeem, cancellationToken);

    public async Task<Dictionary<string, long>?> StatsAsync(HttpClient http)
    {
        if (!HasStats)
        {
            return null;
        }

        using var response = await http.GetAsync(new Uri(Address, "bench/stats"));
        return JsonSerializer.Deserialize<Dictionary<string, long>>(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Our settings, as in Azure: Production, a public base URL, a PEM signing key, the github provider.</summary>
    public static Dictionary<string, string?> OursSettings(LoopbackProvider provider, string signingKeyPem) => new()
    {
        ["OAuth:PublicBaseUrl"] = "http://localhost:7071",
        ["OAuth:AllowedReturnUrls:0"] = Flows.SpaUrl,
        ["OAuth:SigningKey"] = signingKeyPem,
        ["OAuth:Providers:github:ClientId"] = OursClientId,
        ["OAuth:Providers:github:ClientSecret"] = LoopbackProvider.Secret,
        ["OAuth:Providers:github:AuthorizationEndpoint"] = provider.AuthorizeUrl,
        ["OAuth:Providers:github:TokenEndpoint"] = provider.TokenUrl,
        ["OAuth:Providers:github:UserInfoEndpoint"] = provider.UserUrl,

        // The per-address limits stay on (their cost counts) but high: every sign-in here comes from 127.0.0.1.
        ["OAuth:RateLimits:LoginPerMinute"] = "1000000000",
        ["OAuth:RateLimits:CallbackPerMinute"] = "1000000000",
        ["OAuth:RateLimits:SessionPerMinute"] = "1000000000",
        ["OAuth:RateLimits:RefreshPerMinute"] = "1000000000",
        ["OAuth:RateLimits:ProviderLoginsPerMinute"] = "1000000000",
        ["AzureWebJobsStorage"] = null,
        ["KeyVault:Uri"] = null,
    };

    public static Dictionary<string, string?> BaselineSettings(LoopbackProvider provider) => new()
    {
        ["Provider:ClientId"] = BaselineClientId,
        ["Provider:ClientSecret"] = LoopbackProvider.Secret,
        ["Provider:AuthorizationEndpoint"] = provider.AuthorizeUrl,
        ["Provider:TokenEndpoint"] = provider.TokenUrl,
        ["Provider:UserInfoEndpoint"] = provider.UserUrl,
    };

    /// <summary>Starts <paramref name="dll"/> with <c>dotnet</c> under <c>taskset -c core</c>, in Production, settings as environment.</summary>
    public static async Task<Subject> StartProcessAsync(
        string name, bool ours, string dll, IDictionary<string, string?> settings, IDictionary<string, string> runtime, int core, bool hasStats)
    {
        var port = FreePort();
        // The app writes its log to a file, as to any log sink: through a pipe, the driver (busy on its own core) would
        // hold the app's console logger back and time the driver instead of the app.
        var log = Path.Combine(Path.GetTempPath(), $"loginbench-{port}.log");
        var start = new ProcessStartInfo("sh")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            ArgumentList =
            {
                "-c", "exec taskset -c \"$0\" \"$1\" \"$2\" --urls \"$3\" >\"$4\" 2>&1",
                core.ToString(CultureInfo.InvariantCulture), DotnetHost(), dll, $"http://127.0.0.1:{port}", log,
            },
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in runtime)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;

        // sh and taskset exec the program: same process id.
        var subject = new Subject(name, ours, new Uri($"http://127.0.0.1:{port}/"), process.Id, process, null, hasStats) { _log = log };
        await subject.WaitListeningAsync();
        return subject;
    }

    /// <summary>The built worker under the protocol test host, in-process here; the worker is re-pinned to <paramref name="core"/>.</summary>
    public static async Task<Subject> StartWorkerAsync(string name, string appDirectory, IDictionary<string, string?> settings, IDictionary<string, string> runtime, int core)
    {
        var environment = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in runtime)
        {
            environment[key] = value;
        }

        // In Development: outside it the app refuses in-memory tables, and there is no seam to swap them in a worker.
        var others = ProcessStats.Children("AuthFunctions").ToHashSet();
        var host = await FunctionsTestHost.StartAsync(new FunctionsTestHostOptions { AppDirectory = appDirectory, HostingEnvironment = "Development", Environment = environment });
        var pid = ProcessStats.Children("AuthFunctions").Except(others).Single();
        var pinning = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, ArgumentList = { "-a", "-p", "-c", core.ToString(CultureInfo.InvariantCulture), pid.ToString(CultureInfo.InvariantCulture) } };
        using (var pin = Process.Start(pinning)!)
        {
            await pin.StandardOutput.ReadToEndAsync();
            await pin.WaitForExitAsync();
        }

        return new Subject(name, ours: true, host.Address, pid, null, host, hasStats: false);
    }

    private async Task WaitListeningAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(Address);
                return;
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(60) && !_process!.HasExited)
            {
                await Task.Delay(50);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                throw new InvalidOperationException($"{Name} did not start:\n{Output}", e);
            }
        }
    }

    public string Output => _host?.Output ?? (_log is not null && File.Exists(_log) ? File.ReadAllText(_log) : string.Empty);

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_process is { HasExited: false })
        {
            // SIGTERM first: the app stops as a host stops it (and a perf map, when asked for, is complete).
            using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Pid.ToString(CultureInfo.InvariantCulture) } })!)
            {
                await term.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process?.Dispose();
        if (_log is not null)
        {
            File.Delete(_log);
        }
    }
}

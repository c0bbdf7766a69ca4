using System.Diagnostics;
using System.Net;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// The trimmed, self-contained, ReadyToRun build, run as its own process the way the Functions host runs it.
/// Uses <c>AUTHFUNCTIONS_PUBLISH_DIR</c> when .ci/run has published already, else publishes once per test run.
/// </summary>
public sealed partial class PublishedApp : IAppUnderTest, IAsyncDisposable
{
    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private static string? _publishDir;
    private readonly TestProcess _process;

    private PublishedApp(TestProcess process, Uri address)
    {
        _process = process;
        Address = address;
        Browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Uri Address { get; }

    public HttpClient Browser { get; }

    /// <summary>Everything the app printed so far: tests check that no code, state or token is among it.</summary>
    public string Output => _process.Output;

    public Uri Local(string publicUrl) => IAppUnderTest.Rebase(Address, publicUrl);

    public static async Task<string> PublishDirAsync()
    {
        await PublishLock.WaitAsync();
        try
        {
            _publishDir ??= Environment.GetEnvironmentVariable("AUTHFUNCTIONS_PUBLISH_DIR") is { Length: > 0 } given ? given : await PublishAsync();
            return _publishDir;
        }
        finally
        {
            PublishLock.Release();
        }
    }

    private static async Task<string> PublishAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "authfunctions-publish-" + Guid.NewGuid().ToString("N"));
        var output = Path.Combine(root, "app");
        // Separate artifacts path: the publish's restore must not disturb the test build's obj folder.
        var psi = new ProcessStartInfo("dotnet", [
            "publish", Path.Combine(RepoPaths.Root, "Functions", "Functions.csproj"), "-c", "Release", "-r", "linux-x64", "--self-contained",
            "-p:PublishTrimmed=true", "-p:PublishReadyToRun=true", "--artifacts-path", Path.Combine(root, "artifacts"), "-o", output, "-m:1",
        ])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish failed:\n" + await stdout + await stderr);
        }

        return output;
    }

    /// <summary>Starts the published executable with app settings as environment variables, as the Functions host does.</summary>
    public static async Task<PublishedApp> StartAsync(IDictionary<string, string?> settings)
    {
        var dir = await PublishDirAsync();
        var port = AzuriteFixture.FreePort();
        var psi = new ProcessStartInfo(Path.Combine(dir, "AuthFunctions")) { WorkingDirectory = dir };
        psi.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (k, v) in settings)
        {
            psi.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        }

        var (process, _) = await TestProcess.StartAsync(psi, ReadyLine(), TimeSpan.FromSeconds(30));
        return new PublishedApp(process, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await _process.DisposeAsync();
    }

    [System.Text.RegularExpressions.GeneratedRegex("Application started")]
    private static partial System.Text.RegularExpressions.Regex ReadyLine();
}

using System.Diagnostics;

[assembly: AssemblyFixture(typeof(AuthFunctions.Tests.Infrastructure.PublishedBuild))]

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// The self-contained ReadyToRun publish, as azd deploys it. Uses <c>AUTHFUNCTIONS_PUBLISH_DIR</c> when .ci/run has
/// published already; else publishes once per test run, on first use, into a temporary folder deleted at the end.
/// </summary>
public sealed class PublishedBuild : IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _directory;
    private string? _temporaryRoot;

    public async Task<string> DirectoryAsync()
    {
        await _lock.WaitAsync();
        try
        {
            if (_directory is null && Environment.GetEnvironmentVariable("AUTHFUNCTIONS_PUBLISH_DIR") is { Length: > 0 } given)
            {
                _directory = given;
            }

            if (_directory is null)
            {
                _temporaryRoot = Path.Combine(Path.GetTempPath(), "authfunctions-publish-" + Guid.NewGuid().ToString("N"));
                _directory = await PublishAsync(_temporaryRoot);
            }

            return _directory;
        }
        finally
        {
            _lock.Release();
        }
    }

    private static async Task<string> PublishAsync(string root)
    {
        var output = Path.Combine(root, "app");
        // Separate artifacts path: the publish's restore must not disturb the test build's obj folder.
        var psi = new ProcessStartInfo("dotnet", [
            "publish", Path.Combine(RepoPaths.Root, "Functions", "Functions.csproj"), "-c", "Release", "-r", "linux-x64", "--self-contained",
            "-p:PublishReadyToRun=true", "--artifacts-path", Path.Combine(root, "artifacts"), "-o", output, "-m:1",
        ])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        return p.ExitCode == 0 ? output : throw new InvalidOperationException("dotnet publish failed:\n" + await stdout + await stderr);
    }

    public ValueTask DisposeAsync()
    {
        // Each run's publish is some 120 MB: never leave it behind.
        if (_temporaryRoot is not null && Directory.Exists(_temporaryRoot))
        {
            Directory.Delete(_temporaryRoot, recursive: true);
        }

        _lock.Dispose();
        return ValueTask.CompletedTask;
    }
}

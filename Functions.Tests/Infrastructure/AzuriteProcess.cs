using System.Globalization;
using System.Text.RegularExpressions;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// One Azurite Table service process on 127.0.0.1: the run's shared one (<see cref="AzuriteFixture"/>), or a private
/// one for tests that stop it or sweep with a clock advanced by days. A private one can be stopped and started again
/// on the same port; with a <c>location</c> its rows survive the restart, as Table Storage's do an outage.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    private readonly string? _location;
    private TestProcess? _node;

    private AzuriteProcess(string? location) => _location = location;

    public int Port { get; private set; }

    public string TableEndpoint => $"http://127.0.0.1:{Port}/{AzuriteFixture.AccountName}";

    public string ConnectionString => ConnectionStringFor(TableEndpoint);

    /// <summary>An <c>AzureWebJobsStorage</c> connection string for Azurite's account at <paramref name="tableEndpoint"/>.</summary>
    public static string ConnectionStringFor(string tableEndpoint) =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};TableEndpoint={tableEndpoint};";

    /// <summary>Starts Azurite on a free port: in memory, or persisted in a temporary folder deleted on dispose.</summary>
    public static async Task<AzuriteProcess> StartAsync(bool persisted = false)
    {
        var azurite = new AzuriteProcess(persisted ? Directory.CreateTempSubdirectory("azurite-").FullName : null);

        // Another process can take the free port between our probe and Azurite's bind; try a new one then.
        for (var attempt = 1; ; attempt++)
        {
            azurite.Port = AzuriteFixture.FreePort();
            try
            {
                await azurite.RestartAsync();
                return azurite;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Starts the process again on the same port (after <see cref="StopAsync"/>).</summary>
    public async Task RestartAsync()
    {
        var script = Path.Combine(RepoPaths.NodeModules, "azurite", "dist", "src", "table", "main.js");
        List<string> args =
        [
            "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(CultureInfo.InvariantCulture),
            "--skipApiVersionCheck", "--disableProductStyleUrl", "--loose", "--disableTelemetry",
        ];
        args.AddRange(_location is null ? ["--inMemoryPersistence"] : ["--location", _location]);
        (_node, _) = await TestProcess.StartNodeAsync(script, args, Listening());
    }

    /// <summary>
    /// Stops the service: Ctrl+C (SIGINT), which makes Azurite save its rows and close, as an outage that loses no
    /// data; killed if it has not gone within seconds. Connections are refused until <see cref="RestartAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        if (_node is null)
        {
            return;
        }

        _node.Signal(Sigint);
        await _node.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await _node.DisposeAsync();
        _node = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        if (_location is not null)
        {
            Directory.Delete(_location, recursive: true);
        }
    }

    private const int Sigint = 2;

    // azurite-table prints "successfully started on"; the all-in-one azurite prints "successfully listening at".
    [GeneratedRegex("Table service (is )?successfully (started|listening)")]
    private static partial Regex Listening();
}

using System.Net;
using System.Net.Sockets;
using AuthFunctions.Tests.Infrastructure;
using Xunit;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// One real Azurite Table service for the whole test assembly, in memory on a free 127.0.0.1 port.
/// Tests isolate themselves by table name, not by emulator.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";

    // Azurite's published, well-known development key.
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private AzuriteProcess? _azurite;

    public int Port { get; private set; }

    public string TableEndpoint => $"http://127.0.0.1:{Port}/{AccountName}";

    public string ConnectionString => AzuriteProcess.ConnectionStringFor(TableEndpoint);

    /// <summary>The app's table client on this Azurite, built from the connection string as the app builds it.</summary>
    public AuthFunctions.Storage.ITableClient CreateTableClient() => TableClientFor(ConnectionString);

    /// <summary>The app's table client for an <c>AzureWebJobsStorage</c> connection string.</summary>
    public static AuthFunctions.Storage.ITableClient TableClientFor(string connectionString)
    {
        var settings = AuthFunctions.Storage.StorageSettings.FromConfiguration(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection([new("AzureWebJobsStorage", connectionString)])
            .Build())!;
        return new AuthFunctions.Storage.AzureTableClient(settings.CreateServiceClient(
            () => throw new InvalidOperationException("A connection string needs no credential."), AuthFunctions.Storage.AzureTableClient.CreateOptions()));
    }

    /// <summary>A port nothing listens on right now (bind to port 0, read it, release it).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>The run's Azurite, for test apps outside Development that name no storage of their own.</summary>
    public static AzuriteFixture? Current { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Current = this;
        _azurite = await AzuriteProcess.StartAsync();
        Port = _azurite.Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

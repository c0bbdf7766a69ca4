using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LoginBench;

/// <summary>Azurite's Table service from the repository's node_modules (npm ci), in memory, on the driver's core.</summary>
internal sealed class AzuriteServer : IAsyncDisposable
{
    // Azurite's documented development account (not a secret).
    private const string Account = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _node;

    private AzuriteServer(Process node, int port)
    {
        _node = node;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/{Account};";
    }

    public string ConnectionString { get; }

    public static async Task<AzuriteServer> StartAsync(string root)
    {
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException("Azurite is not installed: run npm ci in the repository (or pass --no-azurite).");
        }

        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                script, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(CultureInfo.InvariantCulture),
                "--skipApiVersionCheck", "--disableProductStyleUrl", "--loose", "--disableTelemetry", "--inMemoryPersistence",
            },
        };
        var node = Process.Start(start)!;
        node.OutputDataReceived += (_, _) => { };
        node.ErrorDataReceived += (_, _) => { };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new AzuriteServer(node, port);
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(30) && !node.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_node.HasExited)
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }

        _node.Dispose();
    }
}

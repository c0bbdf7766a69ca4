using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a real service (Azurite): it can answer slowly (<see cref="Delay"/> before
/// each chunk of the answer) or not at all (<see cref="Stalled"/>: bytes in either direction are swallowed, so the
/// service never sees the request and the client never sees an answer; it must time out).
/// </summary>
public sealed class SlowProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private readonly Task _accepting;

    private SlowProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public TimeSpan Delay { get; set; }

    public bool Stalled { get; set; }

    public static SlowProxy Start(int targetPort) => new(targetPort);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var swallowing = new StrongBox<bool>(false);
                await Task.WhenAny(
                    PumpAsync(client.GetStream(), server.GetStream(), answer: false, swallowing),
                    PumpAsync(server.GetStream(), client.GetStream(), answer: true, swallowing));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // A side closed the connection, or the proxy stopped.
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool answer, StrongBox<bool> swallowing)
    {
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            // Once stalled, a connection stays dead: bytes held back and sent late would be a request the client gave up on.
            swallowing.Value |= Stalled;
            if (swallowing.Value)
            {
                continue;
            }

            if (answer && Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, _stop.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

using System.Net;
using System.Net.Sockets;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Worker;

/// <summary>A browser that gives up mid-request: the host cancels the invocation, and the worker goes on serving.</summary>
public sealed class WorkerCancellationTests
{
    [Fact]
    public async Task A_client_abort_sends_InvocationCancel_and_the_worker_keeps_serving()
    {
        // A provider whose discovery endpoint accepts the connection and never answers: the login waits on it.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var app = await WorkerApp.StartAsync(new Dictionary<string, string?>
        {
            ["OAuth:Providers:acme:ClientId"] = "acme",
            ["OAuth:Providers:acme:ClientSecret"] = "acme-secret",
            ["OAuth:Providers:acme:Issuer"] = $"http://127.0.0.1:{port}",
        });
        using var accepting = silent.AcceptTcpClientAsync();
        using var abort = new CancellationTokenSource();

        var pending = app.Browser.GetAsync(
            $"/api/auth/custom/acme/login?return_url={Uri.EscapeDataString(TestApp.SpaUrl)}&code_challenge={Flows.Challenge}&code_challenge_method=S256", abort.Token);
        using var discovery = await accepting.WaitAsync(TimeSpan.FromSeconds(30)); // the invocation is in flight
        await abort.CancelAsync();

        await Should.ThrowAsync<TaskCanceledException>(() => pending);
        await WaitForAsync(() => app.Output.Contains("sent InvocationCancel", StringComparison.Ordinal));
        using var providers = await app.Browser.GetAsync("/api/auth/providers");
        providers.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}

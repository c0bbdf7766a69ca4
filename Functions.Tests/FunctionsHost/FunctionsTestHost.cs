using System.Net;
using System.Net.Sockets;
using AuthFunctions.Tests.FunctionsHost.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace AuthFunctions.Tests.FunctionsHost;

/// <summary>
/// A stand-in for the Azure Functions host that drives the real .NET isolated worker over the host's gRPC protocol,
/// for tests where Core Tools cannot be installed.
/// </summary>
/// <remarks>
/// <para><see cref="StartAsync"/> starts Kestrel on loopback (gRPC on an HTTP/2-only port for the worker, HTTP/1.1 on
/// <see cref="Address"/> for clients), spawns the worker as the host does, and runs StartStream, WorkerInitRequest,
/// FunctionsMetadataRequest and one FunctionLoadRequest per function. It throws, with the worker's output, if the worker
/// exits or does not get that far within <see cref="FunctionsTestHostOptions.StartTimeout"/>.</para>
/// <para>HTTP functions answer under <see cref="Address"/> at <c>routePrefix/route</c>; requests are forwarded to the
/// worker's own HTTP server as the host does. Non-HTTP (timer) functions run through <see cref="InvokeAsync"/> or
/// <c>POST /admin/functions/{name}</c>, which waits for completion, answers 202 and reports the status in
/// <c>x-testhost-invocation-status</c>. What is copied from the real host lives in <see cref="HostBehaviour"/>.</para>
/// <code>
/// await using var host = await FunctionsTestHost.StartAsync(new() { AppDirectory = appDir, Environment = { ["OAuth:Issuer"] = issuer } });
/// using var client = new HttpClient { BaseAddress = host.Address };
/// var response = await client.GetAsync("api/echo/hello");
/// var timer = await host.InvokeAsync("CleanupExpired", ct);
/// </code>
/// </remarks>
public sealed partial class FunctionsTestHost : IAsyncDisposable
{
    /// <summary>Answers the admin endpoint with the invocation's status, since this host waits for it to finish.</summary>
    public const string InvocationStatusHeader = "x-testhost-invocation-status";

    private readonly WebApplication _app;
    private readonly WorkerChannel _channel;
    private readonly OutputLog _output;
    private readonly HttpMessageInvoker _invoker = HostBehaviour.ForwarderInvoker();
    private WorkerProcess? _worker;
    private FunctionRouter? _router;
    private bool _disposed;

    /// <summary>The functions the worker indexed, in the worker's order (which is also route-matching order).</summary>
    public IReadOnlyList<HostedFunction> Functions { get; private set; } = [];

    /// <summary>The HTTP/1.1 endpoint for clients, e.g. <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The worker's stdout and stderr, its RpcLogs and the host's own notes, in arrival order.</summary>
    public string Output => _output.ToString();

    /// <summary>True once the worker process has exited.</summary>
    public bool HasExited => _worker?.HasExited ?? false;

    /// <summary>The worker's exit code once it has exited.</summary>
    public int? ExitCode => _worker?.ExitCode;

    /// <summary>Starts the host and the worker and returns once every function is loaded.</summary>
    public static async Task<FunctionsTestHost> StartAsync(FunctionsTestHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var host = new FunctionsTestHost(FreeLoopbackPorts());
        try
        {
            await host.StartCoreAsync(options);
            return host;
        }
        catch (Exception e)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"The Functions worker did not start: {e.Message}{Environment.NewLine}--- worker output ---{Environment.NewLine}{host.Output}", e);
        }
    }

    private FunctionsTestHost((int Grpc, int Http) ports)
    {
        _output = new OutputLog();
        WorkerId = Guid.NewGuid().ToString();
        _channel = new WorkerChannel(WorkerId, _output);
        GrpcPort = ports.Grpc;
        Address = new Uri($"http://127.0.0.1:{ports.Http}/");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The host's request body limit (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT defaults to 100 MB).
            kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024;

            // The worker dials http:// with gRPC, i.e. HTTP/2 with prior knowledge: the port must speak only HTTP/2.
            kestrel.Listen(IPAddress.Loopback, ports.Grpc, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, ports.Http, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddRouting();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(_channel);
        builder.Services.AddHttpForwarder();

        _app = builder.Build();
        _app.MapGrpcService<WorkerChannel>();
        _app.MapPost("/admin/functions/{name}", AdminInvokeAsync);
        _app.Use(async (context, next) =>
        {
            // Endpoints (gRPC, admin) first; everything else on the client port is a function route.
            if (context.GetEndpoint() is not null || context.Connection.LocalPort != ports.Http)
            {
                await next(context);
                return;
            }

            await ServeFunctionAsync(context);
        });
    }

    private string WorkerId { get; }

    private int GrpcPort { get; }

    /// <summary>Runs a non-HTTP function once (a timer gets a TimerInfo) and returns the worker's status and exception message.</summary>
    public async Task<InvocationResult> InvokeAsync(string functionName, CancellationToken cancellationToken = default)
    {
        var function = Functions.FirstOrDefault(f => string.Equals(f.Name, functionName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No function '{functionName}'. Loaded: {string.Join(", ", Functions.Select(f => f.Name))}.", nameof(functionName));
        if (!string.Equals(function.TriggerType, "timerTrigger", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"{function.Name} has a {function.TriggerType}; InvokeAsync runs timer triggers, HTTP functions are served at {Address}.");
        }

        var invocationId = Guid.NewGuid().ToString();
        var response = _channel.ExpectInvocation(invocationId);
        await _channel.SendAsync(new StreamingMessage { InvocationRequest = HostBehaviour.TimerInvocation(invocationId, function, TimeProvider.System.GetUtcNow()) });
        try
        {
            var result = (await response.WaitAsync(cancellationToken)).Result;
            return new InvocationResult(invocationId, result.Status.ToString(), result.Exception?.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _channel.SendAsync(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } });
            throw;
        }
    }

    /// <summary>Sends WorkerTerminate, waits up to 5 s for the worker to exit, else kills its process tree, then stops Kestrel.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_worker is { HasExited: false } worker)
        {
            // A worker that never opened its stream cannot be asked to stop, so it gets no grace period.
            var grace = TimeSpan.Zero;
            if (_channel.Connected.IsCompletedSuccessfully && !_channel.Closed.IsCompleted)
            {
                try
                {
                    await _channel.SendAsync(new StreamingMessage { WorkerTerminate = HostBehaviour.Terminate() });
                    _output.Line("host", "sent WorkerTerminate");
                    grace = HostBehaviour.TerminateGracePeriod;
                }
                catch (Exception e)
                {
                    _output.Line("host", $"could not send WorkerTerminate: {e.Message}");
                }
            }

            await worker.StopAsync(grace, _output);
        }

        if (_worker is not null)
        {
            _output.Line("host", $"worker exited with code {_worker.ExitCode}");
        }

        _channel.Stop();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _invoker.Dispose();
        _worker?.Dispose();
    }

    private static (int Grpc, int Http) FreeLoopbackPorts()
    {
        // Both listeners stay open until both ports are known, so the two differ.
        using var grpc = new TcpListener(IPAddress.Loopback, 0);
        using var http = new TcpListener(IPAddress.Loopback, 0);
        grpc.Start();
        http.Start();
        var ports = (((IPEndPoint)grpc.LocalEndpoint).Port, ((IPEndPoint)http.LocalEndpoint).Port);
        grpc.Stop();
        http.Stop();
        return ports;
    }

    private async Task ServeFunctionAsync(HttpContext context)
    {
        if (_router is null)
        {
            // The host answers 503 while it is not running yet.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (!await _router.TryInvokeAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private async Task AdminInvokeAsync(HttpContext context)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        if (_router is null || !Functions.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = _router is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status404NotFound;
            return;
        }

        var result = await InvokeAsync(name, context.RequestAborted);
        context.Response.Headers[InvocationStatusHeader] = result.Status;
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }
}

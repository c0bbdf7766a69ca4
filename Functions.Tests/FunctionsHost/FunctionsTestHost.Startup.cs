using AuthFunctions.Tests.FunctionsHost.Rpc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Forwarder;

namespace AuthFunctions.Tests.FunctionsHost;

// The start-up sequence, as GrpcWorkerChannel runs it: StartStream, init, metadata, one load per function, ready.
public sealed partial class FunctionsTestHost
{
    private async Task StartCoreAsync(FunctionsTestHostOptions options)
    {
        var appDirectory = Path.GetFullPath(options.AppDirectory);
        var routePrefix = HostBehaviour.RoutePrefix(appDirectory);
        using var timeout = new CancellationTokenSource(options.StartTimeout);

        await _app.StartAsync(timeout.Token);

        var environment = HostBehaviour.WorkerEnvironment(appDirectory, options.HostingEnvironment);
        foreach (var (key, value) in HostBehaviour.LocalSettingsValues(appDirectory))
        {
            environment[key] = value;
        }

        foreach (var (key, value) in options.Environment)
        {
            environment[HostBehaviour.EnvironmentName(key)] = value;
        }

        var arguments = HostBehaviour.WorkerArguments(GrpcPort, WorkerId, requestId: Guid.NewGuid().ToString());
        _worker = WorkerProcess.Start(appDirectory, arguments, environment, _output);

        await Step(_channel.Connected, "StartStream", timeout.Token);

        var init = (await Step(
            _channel.RequestAsync(new StreamingMessage { WorkerInitRequest = HostBehaviour.InitRequest(appDirectory) }), "WorkerInitResponse", timeout.Token))
            .WorkerInitResponse;
        EnsureSuccess(init.Result, "WorkerInitRequest");
        _output.Line("host", $"worker {init.WorkerVersion} capabilities: {string.Join(", ", init.Capabilities.Select(c => $"{c.Key}={c.Value}"))}");

        var metadata = (await Step(
            _channel.RequestAsync(new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory } }),
            "FunctionMetadataResponse", timeout.Token)).FunctionMetadataResponse;
        EnsureSuccess(metadata.Result, "FunctionsMetadataRequest");
        if (metadata.UseDefaultMetadataIndexing)
        {
            throw new NotSupportedException("The worker asks for host indexing (function.json files); this host supports worker indexing only.");
        }

        Functions = [.. metadata.FunctionMetadataResults.Select(m => HostedFunction.FromWorkerMetadata(m, appDirectory))];

        // The worker does not advertise AcceptsListOfFunctionLoadRequests, so the host sends one request per function.
        var loads = Functions.Select(f => _channel.RequestAsync(new StreamingMessage
        {
            FunctionLoadRequest = new FunctionLoadRequest { FunctionId = f.FunctionId, Metadata = f.Metadata },
        }));
        foreach (var load in await Step(Task.WhenAll(loads), "FunctionLoadResponse", timeout.Token))
        {
            EnsureSuccess(load.FunctionLoadResponse.Result, $"FunctionLoadRequest for {load.FunctionLoadResponse.FunctionId}");
        }

        if (Functions.Any(f => f.IsHttp) && !init.Capabilities.TryGetValue("HttpUri", out _))
        {
            throw new NotSupportedException("The worker has HTTP functions but no HttpUri capability (no ASP.NET Core integration); this host proxies HTTP only.");
        }

        var httpUri = init.Capabilities.TryGetValue("HttpUri", out var uri) ? uri : "";
        var proxy = new HttpFunctionProxy(_channel, _app.Services.GetRequiredService<IHttpForwarder>(), _invoker, httpUri, _output);
        var enabled = Functions.Where(f => !HostBehaviour.IsDisabled(f.Name, environment.AsReadOnly())).ToList();
        _router = new FunctionRouter(enabled, routePrefix, _app.Services.GetRequiredService<IInlineConstraintResolver>(), proxy);
        _output.Line("host", $"ready: {string.Join(", ", Functions.Select(f => f.Name))}; HTTP at {Address}{routePrefix}");
    }

    // A step fails fast when the worker exits, and names the step when it takes too long.
    private async Task<T> Step<T>(Task<T> step, string awaited, CancellationToken timeout)
    {
        await Step((Task)step, awaited, timeout);
        return await step;
    }

    private async Task Step(Task step, string awaited, CancellationToken timeout)
    {
        var finished = await Task.WhenAny(step, _worker!.Exited, Task.Delay(Timeout.Infinite, timeout));
        if (finished == step)
        {
            await step;
            return;
        }

        throw finished == _worker.Exited
            ? new InvalidOperationException($"The worker exited with code {_worker.ExitCode} before {awaited}.")
            : new TimeoutException($"No {awaited} from the worker in time.");
    }

    private static void EnsureSuccess(StatusResult result, string request)
    {
        if (result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"{request} failed in the worker: {result.Exception?.Message ?? result.Result}");
        }
    }
}

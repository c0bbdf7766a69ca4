using AuthFunctions.Tests.FunctionsHost.Rpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Yarp.ReverseProxy.Forwarder;

namespace AuthFunctions.Tests.FunctionsHost;

/// <summary>
/// One HTTP invocation in proxy mode, in the host's order (DefaultHttpProxyService.cs): add the invocation id header,
/// start forwarding the request to the worker's own HTTP server, then send the InvocationRequest, then await the
/// invocation and the forward. The worker pairs the two by the invocation id.
/// </summary>
internal sealed class HttpFunctionProxy(WorkerChannel channel, IHttpForwarder forwarder, HttpMessageInvoker invoker, string workerHttpUri, OutputLog output)
{
    public async Task InvokeAsync(HttpContext context, HostedFunction function, RouteValueDictionary routeValues)
    {
        var invocationId = Guid.NewGuid().ToString();
        var invocation = HostBehaviour.HttpInvocation(invocationId, function, context.Request, routeValues);
        HostBehaviour.AddInvocationIdHeader(context.Request, invocationId);

        var response = channel.ExpectInvocation(invocationId);
        var forward = forwarder.SendAsync(context, workerHttpUri, invoker, HostBehaviour.ForwarderConfig, HttpTransformer.Default).AsTask();

        // GrpcWorkerChannel.cs: a client that goes away cancels the invocation in the worker.
        using var abort = context.RequestAborted.Register(() => _ = CancelAsync(invocationId));

        Exception? failure = null;
        try
        {
            await channel.SendAsync(new StreamingMessage { InvocationRequest = invocation });
            var result = await response;
            if (result.Result.Status != StatusResult.Types.Status.Success)
            {
                failure = new InvalidOperationException($"{function.Name} {result.Result.Status}: {result.Result.Exception?.Message}");
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        var forwardError = await forward;
        if (forwardError != ForwarderError.None)
        {
            var cause = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            failure ??= new HttpRequestException($"Forwarding to the worker failed: {forwardError}", cause);
        }

        if (failure is not null)
        {
            output.Line("host", $"{context.Request.Method} {context.Request.Path} ({function.Name}, {invocationId}) failed: {failure.Message}");
            HostBehaviour.FailUnlessStarted(context.Response);
        }
    }

    private async Task CancelAsync(string invocationId)
    {
        try
        {
            await channel.SendAsync(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } });
            output.Line("host", $"client aborted; sent InvocationCancel for {invocationId}");
        }
        catch (Exception e)
        {
            output.Line("host", $"could not send InvocationCancel for {invocationId}: {e.Message}");
        }
    }
}

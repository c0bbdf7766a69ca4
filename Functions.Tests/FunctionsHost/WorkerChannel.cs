using System.Collections.Concurrent;
using AuthFunctions.Tests.FunctionsHost.Rpc;
using Grpc.Core;

namespace AuthFunctions.Tests.FunctionsHost;

/// <summary>
/// The host's end of the one bidirectional EventStream the worker opens: accepts the worker's StartStream, sends
/// requests, and pairs answers with their request (by request_id, which the worker copies) or invocation id.
/// </summary>
internal sealed class WorkerChannel(string workerId, OutputLog output) : FunctionRpc.FunctionRpcBase
{
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _requests = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new();

    // gRPC allows one write at a time on a stream; requests come from many HTTP requests at once.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private IServerStreamWriter<StreamingMessage>? _writer;

    /// <summary>Completes when the worker has opened the stream with the expected worker id.</summary>
    public Task Connected => _connected.Task;

    /// <summary>Completes when the stream has ended, for whatever reason.</summary>
    public Task Closed => _closed.Task;

    public override async Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _stop.Token);
        try
        {
            if (!await requestStream.MoveNext(stop.Token))
            {
                return;
            }

            var first = requestStream.Current;
            if (first.ContentCase != StreamingMessage.ContentOneofCase.StartStream || first.StartStream.WorkerId != workerId)
            {
                output.Line("host", $"rejected a stream that began with {first.ContentCase} for worker '{first.StartStream?.WorkerId}'");
                return;
            }

            if (Interlocked.CompareExchange(ref _writer, responseStream, null) is not null)
            {
                output.Line("host", "rejected a second stream from the worker");
                return;
            }

            _connected.TrySetResult();
            while (await requestStream.MoveNext(stop.Token))
            {
                Dispatch(requestStream.Current);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or Grpc.Core.RpcException)
        {
            // The worker went away or the host is stopping; pending callers are failed below.
        }
        finally
        {
            if (_writer == responseStream)
            {
                Close();
            }
        }
    }

    /// <summary>Sends a request with a fresh request_id and waits for the message the worker answers it with.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request)
    {
        request.RequestId = Guid.NewGuid().ToString();
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[request.RequestId] = answer;
        await SendAsync(request);
        return await answer.Task;
    }

    /// <summary>Registers interest in an invocation's response before the InvocationRequest is sent.</summary>
    public Task<InvocationResponse> ExpectInvocation(string invocationId)
    {
        var answer = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[invocationId] = answer;
        if (_closed.Task.IsCompleted)
        {
            answer.TrySetException(new IOException("The worker's stream is closed."));
        }

        return answer.Task;
    }

    public async Task SendAsync(StreamingMessage message)
    {
        var writer = _writer ?? throw new InvalidOperationException("The worker has not opened its stream.");
        await _writeLock.WaitAsync();
        try
        {
            if (_closed.Task.IsCompleted)
            {
                throw new IOException("The worker's stream is closed.");
            }

            await writer.WriteAsync(message);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Ends the stream from the host's side (at shutdown, after the worker has been told to terminate).</summary>
    public void Stop() => _stop.Cancel();

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.RpcLog:
                var log = message.RpcLog;
                var exception = log.Exception is null ? "" : $" {log.Exception.Type}: {log.Exception.Message}";
                output.Line($"rpc {log.Level}", $"{log.Category}: {log.Message}{exception}");
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_invocations.TryRemove(message.InvocationResponse.InvocationId, out var invocation))
                {
                    invocation.TrySetResult(message.InvocationResponse);
                }

                break;
            default:
                if (_requests.TryRemove(message.RequestId, out var request))
                {
                    request.TrySetResult(message);
                }
                else
                {
                    // Worker 2.52.0 answers WorkerTerminate and InvocationCancel with an empty message; nobody waits for it.
                    output.Line("host", message.ContentCase == StreamingMessage.ContentOneofCase.None
                        ? "empty message from the worker (its reply to a cancel or terminate)"
                        : $"unsolicited {message.ContentCase} from the worker");
                }

                break;
        }
    }

    private void Close()
    {
        _closed.TrySetResult();
        var closed = new IOException("The worker's stream closed before it answered.");
        foreach (var key in _requests.Keys)
        {
            if (_requests.TryRemove(key, out var pending))
            {
                pending.TrySetException(closed);
            }
        }

        foreach (var key in _invocations.Keys)
        {
            if (_invocations.TryRemove(key, out var pending))
            {
                pending.TrySetException(closed);
            }
        }
    }
}

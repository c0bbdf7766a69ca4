using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// A Node.js process the tests start on 127.0.0.1 (Azurite, oidc-provider) and always stop.
/// Start waits until a line of its output matches <c>ready</c>, so no test sleeps.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process) => _process = process;

    /// <summary>Everything the process printed so far (for failure messages).</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public static async Task<(NodeProcess Process, Match Ready)> StartAsync(
        string scriptPath, IEnumerable<string> args, Regex ready, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        if (!File.Exists(scriptPath))
        {
            throw new InvalidOperationException($"{scriptPath} is missing: run `npm ci` in {RepoPaths.Root} first.");
        }

        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        psi.ArgumentList.Add(scriptPath);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var node = new NodeProcess(process);
        var readyTcs = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (node._output)
            {
                node._output.AppendLine(e.Data);
            }

            var m = ready.Match(e.Data);
            if (m.Success)
            {
                readyTcs.TrySetResult(m);
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Exited += (_, _) => readyTcs.TrySetException(new InvalidOperationException("node exited early:\n" + node.Output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await using (cts.Token.Register(() => readyTcs.TrySetException(new TimeoutException("node did not become ready:\n" + node.Output))))
        {
            try
            {
                var match = await readyTcs.Task.ConfigureAwait(false);
                return (node, match);
            }
            catch
            {
                await node.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// A process the tests start on 127.0.0.1 (Azurite, oidc-provider, the published app) and always stop.
/// Start waits until a line of its output matches <c>ready</c>, so no test sleeps.
/// </summary>
public sealed class TestProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private TestProcess(Process process) => _process = process;

    /// <summary>Everything the process printed so far (for failure messages).</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>Runs a Node.js script of the repository's (its packages come from node_modules).</summary>
    public static Task<(TestProcess Process, Match Ready)> StartNodeAsync(
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

        return StartAsync(psi, ready, timeout);
    }

    /// <summary>Starts <paramref name="psi"/> with its output captured, and waits for the line matching <paramref name="ready"/>.</summary>
    public static async Task<(TestProcess Process, Match Ready)> StartAsync(ProcessStartInfo psi, Regex ready, TimeSpan? timeout = null)
    {
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        var name = Path.GetFileName(psi.FileName);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var started = new TestProcess(process);
        var readyTcs = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (started._output)
            {
                started._output.AppendLine(e.Data);
            }

            var m = ready.Match(e.Data);
            if (m.Success)
            {
                readyTcs.TrySetResult(m);
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Exited += (_, _) => readyTcs.TrySetException(new InvalidOperationException(name + " exited early:\n" + started.Output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await using (cts.Token.Register(() => readyTcs.TrySetException(new TimeoutException(name + " did not become ready:\n" + started.Output))))
        {
            try
            {
                var match = await readyTcs.Task.ConfigureAwait(false);
                return (started, match);
            }
            catch
            {
                await started.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Sends a POSIX signal (e.g. SIGINT, as Ctrl+C), for a graceful stop.</summary>
    public void Signal(int signal)
    {
        if (!_process.HasExited && Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the process to exit by itself; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

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

using System.Diagnostics;

namespace AuthFunctions.Tests.FunctionsHost;

/// <summary>The worker's OS process: started from worker.config.json, output captured, stopped by its own id only.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    // Read once the process is disposed, so a test can still assert the exit code after DisposeAsync.
    private (bool HasExited, int? ExitCode)? _final;

    private WorkerProcess(Process process)
    {
        _process = process;
        Exited = process.WaitForExitAsync();
    }

    /// <summary>Completes when the process has exited and its output is drained.</summary>
    public Task Exited { get; }

    public bool HasExited => _final?.HasExited ?? _process.HasExited;

    public int? ExitCode => _final is { } final ? final.ExitCode : _process.HasExited ? _process.ExitCode : null;

    public static WorkerProcess Start(
        string appDirectory, IEnumerable<string> hostArguments, IReadOnlyDictionary<string, string?> environment, OutputLog output)
    {
        var (executable, arguments) = HostBehaviour.WorkerCommand(appDirectory);
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Concat(hostArguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.Line("stdout", e.Data);
        process.ErrorDataReceived += (_, e) => output.Line("stderr", e.Data);
        output.Line("host", $"starting {executable} {string.Join(' ', start.ArgumentList)}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>Waits for the exit the worker was asked for; after <paramref name="grace"/>, kills its process tree.</summary>
    public async Task StopAsync(TimeSpan grace, OutputLog output)
    {
        if (grace <= TimeSpan.Zero || await Task.WhenAny(Exited, Task.Delay(grace)) != Exited)
        {
            output.Line("host", $"worker did not exit within {grace.TotalSeconds:0.#} s; killing process tree {_process.Id}");
            _process.Kill(entireProcessTree: true);
            await Exited;
        }
    }

    public void Dispose()
    {
        _final ??= (HasExited, ExitCode);
        _process.Dispose();
    }
}

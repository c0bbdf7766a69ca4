using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ColdStart;

/// <summary>One start of a self-contained executable on Kestrel, without the Functions host.</summary>
internal static class StandaloneStart
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>From process start to the first answered login, polling until the port accepts; the process tree is killed afterwards.</summary>
    public static async Task<TimeSpan> MeasureAsync(string executable, HttpClient http)
    {
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "--urls", $"http://127.0.0.1:{port}" },
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["AzureWebJobsStorage"] = null,
                ["KeyVault__Uri"] = null,
            },
        };

        // Output is drained (a full pipe would stall the process) and kept only to explain a failed run.
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var uri = new Uri($"http://127.0.0.1:{port}/{Probe.LoginPath}");

        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var response = await FirstAnswerAsync(http, uri, process, clock);
            var answered = clock.Elapsed;
            Probe.EnsureRedirect(response, executable, () => Snapshot(output));
            return answered;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<HttpResponseMessage> FirstAnswerAsync(HttpClient http, Uri uri, Process process, Stopwatch clock)
    {
        while (true)
        {
            try
            {
                return await http.GetAsync(uri);
            }
            catch (HttpRequestException) when (!process.HasExited && clock.Elapsed < Probe.StartLimit)
            {
                // Not listening yet.
                await Task.Delay(PollInterval);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder output, string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

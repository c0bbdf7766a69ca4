using System.Diagnostics;
using AuthFunctions.Tests.FunctionsHost;

namespace ColdStart;

/// <summary>One start of a worker under the protocol test host, as the Functions host starts it on a cold instance.</summary>
internal static class WorkerStart
{
    /// <summary>
    /// From the <see cref="FunctionsTestHost.StartAsync"/> call (which spawns the worker) to host-ready (every function
    /// loaded) and to the first answered login through the host. The host is disposed (WorkerTerminate) afterwards,
    /// outside the timing.
    /// </summary>
    public static async Task<(TimeSpan Ready, TimeSpan Answered)> MeasureAsync(string appDirectory, HttpClient http)
    {
        var options = new FunctionsTestHostOptions
        {
            AppDirectory = appDirectory,
            HostingEnvironment = "Development",
            StartTimeout = Probe.StartLimit,

            // Nothing from the caller's environment may switch on Table Storage or Key Vault: the app uses in-memory tables.
            Environment = { ["AzureWebJobsStorage"] = null, ["KeyVault:Uri"] = null },
        };

        var clock = Stopwatch.StartNew();
        await using var host = await FunctionsTestHost.StartAsync(options);
        var ready = clock.Elapsed;
        using var response = await http.GetAsync(new Uri(host.Address, Probe.LoginPath));
        var answered = clock.Elapsed;
        Probe.EnsureRedirect(response, appDirectory, () => host.Output);
        return (ready, answered);
    }
}

using System.Diagnostics;

namespace LoginBench;

/// <summary>What one measured run of one subject gave.</summary>
internal sealed record RunResult(int Logins, int Failures, TimeSpan Elapsed, double CpuMs, double[] LatenciesMs, Dictionary<string, long>? Stats, long ProviderRequests)
{
    public double PerSecond => Logins / Elapsed.TotalSeconds;

    public double CpuMsPerLogin => CpuMs / Logins;

    /// <summary>How much of its core the app used: near 100 % means logins/s is the app's capacity, not the driver's.</summary>
    public double Busy => CpuMs / Elapsed.TotalMilliseconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>A stats counter per login (allocated bytes, storage operations), or NaN when the app does not report it.</summary>
    public double PerLogin(params string[] keys) => Stats is null ? double.NaN : keys.Sum(k => Stats.GetValueOrDefault(k)) / (double)Logins;
}

/// <summary>Full sign-ins at a fixed concurrency, until a time or a count is reached.</summary>
internal static class Load
{
    private static int _nextUser;

    public static async Task<RunResult> RunAsync(Subject subject, LoopbackProvider provider, HttpClient http, int concurrency, TimeSpan duration, int maxLogins = int.MaxValue)
    {
        var before = await subject.StatsAsync(http);
        var requestsBefore = provider.Requests(subject.ClientId);
        var cpuBefore = ProcessStats.CpuMilliseconds(subject.Pid);
        var clock = Stopwatch.StartNew();
        var started = 0;
        var failures = 0;
        var latencies = new List<double>[concurrency];
        var workers = Enumerable.Range(0, concurrency).Select(async i =>
        {
            var mine = latencies[i] = new List<double>(4096);
            while (clock.Elapsed < duration && Interlocked.Increment(ref started) <= maxLogins)
            {
                var t0 = clock.Elapsed;

                // Users come round every 10,000 sign-ins: a returning user's row is updated, a new one inserted.
                var user = Interlocked.Increment(ref _nextUser) % 10_000;
                if (await subject.LoginAsync(http, provider, user, CancellationToken.None))
                {
                    mine.Add((clock.Elapsed - t0).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var cpu = ProcessStats.CpuMilliseconds(subject.Pid) - cpuBefore;
        var requests = provider.Requests(subject.ClientId) - requestsBefore;
        var after = await subject.StatsAsync(http);
        var all = latencies.SelectMany(l => l).ToArray();
        var delta = before is null || after is null ? null : after.ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key));
        return new RunResult(all.Length, failures, elapsed, cpu, all, delta, requests);
    }
}

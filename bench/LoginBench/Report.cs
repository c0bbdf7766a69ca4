using System.Globalization;

namespace LoginBench;

/// <summary>Medians over the rounds with their spread (min–max), per-login counts, and the ratios to the baseline.</summary>
internal static class Report
{
    public static void Print(IReadOnlyList<Subject> subjects, Dictionary<Subject, List<RunResult>> results, Dictionary<Subject, double> rss, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("subject                    logins/s (min-max)     CPU ms/login (min-max)   p50 ms  p99 ms  core busy  alloc KB/login  storage ops/login  provider req/login  RSS MB after 1,000");
        foreach (var subject in subjects)
        {
            var runs = results[subject];
            var rate = Spread(runs.Select(r => r.PerSecond));
            var cpu = Spread(runs.Select(r => r.CpuMsPerLogin));
            var storage = runs.Median(r => r.PerLogin("insert", "batch", "get", "delete", "replace", "list", "query", "create"));
            output.WriteLine(string.Create(c,
                $"{subject.Name,-26} {rate.Median,7:0} ({rate.Min,5:0}-{rate.Max,5:0})   {cpu.Median,6:0.000} ({cpu.Min,5:0.000}-{cpu.Max,5:0.000})   {runs.Median(r => r.Percentile(0.5)),6:0.0}  {runs.Median(r => r.Percentile(0.99)),6:0.0}  {runs.Median(r => r.Busy),9:0%}  {runs.Median(r => r.PerLogin("allocatedBytes")) / 1024,14:0.0}  {storage,17:0.00}  {runs.Median(r => r.ProviderRequests / (double)r.Logins),18:0.00}  {rss[subject],18:0}"));
        }

        var baseline = subjects.First(s => !s.IsOurs);
        output.WriteLine();
        output.WriteLine("ratios to the baseline (median of the per-round ratios, min-max): throughput ≥ 1.0 and CPU ≤ 1.0 is the goal for ours (in-memory)");
        foreach (var subject in subjects.Where(s => s.IsOurs))
        {
            var pairs = results[subject].Zip(results[baseline]).ToList();
            var rate = Spread(pairs.Select(p => p.First.PerSecond / p.Second.PerSecond));
            var cpu = Spread(pairs.Select(p => p.First.CpuMsPerLogin / p.Second.CpuMsPerLogin));
            output.WriteLine(string.Create(c, $"  {subject.Name,-26} throughput {rate.Median:0.00}× ({rate.Min:0.00}-{rate.Max:0.00})   CPU per login {cpu.Median:0.00}× ({cpu.Min:0.00}-{cpu.Max:0.00})"));
        }

        var stats = results[subjects.First(s => s.IsOurs && s.HasStats)];
        output.WriteLine(string.Create(c,
            $"ours (in-memory) storage operations per login: {stats.Median(r => r.PerLogin("insert")):0.00} inserts, {stats.Median(r => r.PerLogin("get")):0.00} reads, {stats.Median(r => r.PerLogin("delete")):0.00} deletes, {stats.Median(r => r.PerLogin("replace")):0.00} replaces, {stats.Median(r => r.PerLogin("batch")):0.00} batches"));
    }

    private static (double Median, double Min, double Max) Spread(IEnumerable<double> values)
    {
        var list = values.Order().ToList();
        return (Median(list), list[0], list[^1]);
    }

    private static double Median(this IEnumerable<RunResult> runs, Func<RunResult, double> value) => Median(runs.Select(value).Order().ToList());

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

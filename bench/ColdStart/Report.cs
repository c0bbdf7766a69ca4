using System.Globalization;

namespace ColdStart;

/// <summary>The printed table: one line per subject, then the ratio of each pair.</summary>
internal static class Report
{
    public static void Print(IEnumerable<Pair> pairs, TextWriter output)
    {
        var pairList = pairs.ToList();
        output.WriteLine(Row("pair", "subject", "median ms", "p90 ms", "min ms", "max ms", "n"));
        foreach (var pair in pairList)
        {
            foreach (var sample in new[] { pair.App, pair.Baseline })
            {
                output.WriteLine(Row(pair.Name, sample.Subject, Ms(sample.Percentile(50)), Ms(sample.Percentile(90)), Ms(sample.Min), Ms(sample.Max), sample.Count.ToString(CultureInfo.InvariantCulture)));
            }
        }

        output.WriteLine();
        foreach (var pair in pairList)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {pair.Name,-20} app/{pair.Baseline.Subject}: {pair.Ratio:0.00}  (medians)"));
        }
    }

    private static string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Row(string pair, string subject, string median, string p90, string min, string max, string n) =>
        $"{pair,-20} {subject,-12} {median,10} {p90,10} {min,10} {max,10} {n,4}";
}

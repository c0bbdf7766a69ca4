using System.Globalization;

namespace ColdStart;

/// <summary>Command-line options; the folders let a run reuse publish outputs instead of publishing again.</summary>
internal sealed record BenchOptions(int Runs, string? App, string? EmptyWorker, string? EmptyWeb)
{
    public const string Usage =
        "usage: ColdStart [--runs N] [--app DIR] [--empty-worker DIR] [--empty-web DIR]\n" +
        "  --runs N            counted runs per subject (default 10)\n" +
        "  --app DIR           a self-contained publish of Functions (used for both pairs)\n" +
        "  --empty-worker DIR  a self-contained publish of bench/EmptyWorker\n" +
        "  --empty-web DIR     a self-contained publish of bench/EmptyWeb\n" +
        "  Folders not given are published into a temporary folder, deleted at the end.";

    /// <summary>The options, or null when the arguments are not understood.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(10, null, null, null);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            if (value is null)
            {
                return null;
            }

            options = args[i] switch
            {
                "--runs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs > 0 => options with { Runs = runs },
                "--app" => options with { App = Path.GetFullPath(value) },
                "--empty-worker" => options with { EmptyWorker = Path.GetFullPath(value) },
                "--empty-web" => options with { EmptyWeb = Path.GetFullPath(value) },
                _ => null,
            };
            if (options is null)
            {
                return null;
            }

            i++;
        }

        return options;
    }
}

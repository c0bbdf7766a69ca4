using System.Globalization;

namespace LoginBench;

/// <summary>Command-line options of the sign-in benchmark.</summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "usage: bench/logins.sh [--quick] [--rounds N] [--seconds S] [--warmup S] [--concurrency N] [--no-azurite] [--no-worker] [--no-cookie] [--env NAME=VALUE]...\n" +
        "  --quick            one short round of baseline and ours in memory (token and cookie mode) only: a smoke test, not a measurement\n" +
        "  --rounds N         measured rounds per subject, alternating (default 6)\n" +
        "  --seconds S        length of one measured round (default 5)\n" +
        "  --warmup S         warm-up per subject after its first 1,000 sign-ins: 30,000 more, or S seconds if sooner (default 40)\n" +
        "  --concurrency N    sign-ins in flight (default 16)\n" +
        "  --no-azurite       skip ours against Azurite\n" +
        "  --no-worker        skip ours as a worker under the protocol test host\n" +
        "  --no-cookie        skip ours in cookie mode (in memory; the sign-in ends in an HttpOnly session cookie, as the baseline's)\n" +
        "  --env NAME=VALUE   an environment variable for every app (e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0)\n" +
        "  --no-session       experiment: ours stops after the callback (no POST /session), to price that request\n" +
        "  --ours-before DIR  also run another build of bench/LoginOurs (its bin/Release/net10.0 folder, e.g. of an older commit)";

    public int Rounds { get; init; } = 6;

    public double Seconds { get; init; } = 5;

    public double WarmupSeconds { get; init; } = 40;

    public int WarmupLogins { get; init; } = 30_000;

    public int Concurrency { get; init; } = 16;

    public bool Azurite { get; init; } = true;

    public bool Worker { get; init; } = true;

    /// <summary>Ours in cookie mode too: two requests in and a session cookie, the baseline's shape of sign-in.</summary>
    public bool Cookie { get; init; } = true;

    /// <summary>The output folder of another build of bench/LoginOurs, run as a fourth subject ("ours, before").</summary>
    public string? OursBefore { get; init; }

    /// <summary>An experiment, not a sign-in: ours stops at the callback, so the difference prices POST /session.</summary>
    public bool NoSession { get; init; }

    public Dictionary<string, string> Runtime { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The app gets core 0 to itself; this driver, the provider and Azurite run on core 1 (bench/logins.sh pins it).</summary>
    public static int AppCore => 0;

    public static int DriverCore => 1;

    public static BenchOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string? Next() => i + 1 < args.Count ? args[++i] : null;
            options = args[i] switch
            {
                "--quick" => options with { Rounds = 1, Seconds = 2, WarmupSeconds = 1, WarmupLogins = 1000, Azurite = false, Worker = false },
                "--no-azurite" => options with { Azurite = false },
                "--no-worker" => options with { Worker = false },
                "--no-cookie" => options with { Cookie = false },
                "--no-session" => options with { NoSession = true },
                "--rounds" when int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => options with { Rounds = n },
                "--concurrency" when int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => options with { Concurrency = n },
                "--seconds" when double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 => options with { Seconds = s },
                "--warmup" when double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 => options with { WarmupSeconds = s },
                "--ours-before" when Next() is { } dir && Directory.Exists(dir) => options with { OursBefore = Path.GetFullPath(dir) },
                "--env" when Next() is { } pair && pair.IndexOf('=', StringComparison.Ordinal) > 0 => With(options, pair),
                _ => null,
            };
            if (options is null)
            {
                return null;
            }
        }

        return options;
    }

    private static BenchOptions With(BenchOptions options, string pair)
    {
        var at = pair.IndexOf('=', StringComparison.Ordinal);
        return options with { Runtime = new Dictionary<string, string>(options.Runtime, StringComparer.Ordinal) { [pair[..at]] = pair[(at + 1)..] } };
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AuthFunctions.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"AuthFunctions.slnx not found above {AppContext.BaseDirectory}.");
    }
}

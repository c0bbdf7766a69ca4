using System.Globalization;
using System.Security.Cryptography;
using LoginBench;

// Sign-in throughput of this app against ASP.NET Core's own OAuth handler, side by side in one run (bench/README.md).
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var root = BenchOptions.RepositoryRoot();
await using var provider = new LoopbackProvider();
await provider.StartAsync();
using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var pem = key.ExportPkcs8PrivateKeyPem();
var ourSettings = Subject.OursSettings(provider, pem);

Console.WriteLine($"cores: app {BenchOptions.AppCore}, driver + provider {BenchOptions.DriverCore}{(options.Azurite ? " + Azurite" : "")}; " +
    $"{options.Concurrency} concurrent sign-ins, {options.Rounds} rounds of {options.Seconds:0.#} s per subject, alternating, after a warm-up of {options.WarmupLogins:N0} sign-ins or {options.WarmupSeconds:0.#} s");
if (options.Runtime.Count > 0)
{
    Console.WriteLine("runtime settings for every app: " + string.Join(" ", options.Runtime.Select(kv => $"{kv.Key}={kv.Value}")));
}

var subjects = new List<Subject>();
AzuriteServer? azurite = null;
try
{
    subjects.Add(await Subject.StartProcessAsync("baseline (AddOAuth)", ours: false,
        Path.Combine(root, "bench/LoginBaseline/bin/publish/LoginBaseline.dll"), Subject.BaselineSettings(provider), options.Runtime, BenchOptions.AppCore, hasStats: true));
    subjects.Add(await Subject.StartProcessAsync("ours (in-memory)", ours: true,
        Path.Combine(root, "bench/LoginOurs/bin/publish/LoginOurs.dll"), ourSettings, options.Runtime, BenchOptions.AppCore, hasStats: true));
    if (options.Cookie)
    {
        var cookie = await Subject.StartProcessAsync("ours (in-memory, cookie)", ours: true,
            Path.Combine(root, "bench/LoginOurs/bin/publish/LoginOurs.dll"), ourSettings, options.Runtime, BenchOptions.AppCore, hasStats: true);
        cookie.CookieMode = true;
        subjects.Add(cookie);
    }

    if (options.OursBefore is { } before)
    {
        subjects.Add(await Subject.StartProcessAsync("ours (in-memory, before)", ours: true,
            Path.Combine(before, "LoginOurs.dll"), ourSettings, options.Runtime, BenchOptions.AppCore, hasStats: true));
    }

    if (options.Azurite)
    {
        azurite = await AzuriteServer.StartAsync(root);
        var durable = new Dictionary<string, string?>(ourSettings) { ["AzureWebJobsStorage"] = azurite.ConnectionString };
        subjects.Add(await Subject.StartProcessAsync("ours (Azurite)", ours: true,
            Path.Combine(root, "Functions/bin/publish-bench/AuthFunctions.dll"), durable, options.Runtime, BenchOptions.AppCore, hasStats: false));
    }

    if (options.Worker)
    {
        subjects.Add(await Subject.StartWorkerAsync("ours (worker, test host)", Path.Combine(root, "Functions/bin/publish-bench"), ourSettings, options.Runtime, BenchOptions.AppCore));
    }

    foreach (var subject in subjects)
    {
        subject.Redeem = !options.NoSession;
    }

    if (options.NoSession)
    {
        Console.WriteLine("EXPERIMENT --no-session: ours stops at the callback; its handoff codes expire unredeemed");
    }

    Console.WriteLine("processes: " + string.Join(", ", subjects.Select(s => $"{s.Name} {s.Pid}")));
    using var http = new HttpClient(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = int.MaxValue,
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    var rss = new Dictionary<Subject, double>();
    foreach (var subject in subjects)
    {
        var first = await Load.RunAsync(subject, provider, http, options.Concurrency, TimeSpan.FromMinutes(5), maxLogins: 1000);
        if (first.Logins < 1000)
        {
            throw new InvalidOperationException($"{subject.Name}: {first.Failures} of the first 1,000 sign-ins failed.\n{subject.Output}");
        }

        rss[subject] = ProcessStats.RssMegabytes(subject.Pid);
        // Tiered compilation keeps optimizing for tens of thousands of sign-ins (ours has more code to tier up than the
        // baseline): warm up by count, bounded in time for the slow subjects (Azurite).
        await Load.RunAsync(subject, provider, http, options.Concurrency, TimeSpan.FromSeconds(options.WarmupSeconds), maxLogins: options.WarmupLogins);
    }

    var results = subjects.ToDictionary(s => s, _ => new List<RunResult>());
    for (var round = 0; round < options.Rounds; round++)
    {
        var order = round % 2 == 0 ? subjects : Enumerable.Reverse(subjects).ToList();
        foreach (var subject in order)
        {
            var result = await Load.RunAsync(subject, provider, http, options.Concurrency, TimeSpan.FromSeconds(options.Seconds));
            results[subject].Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round + 1}  {subject.Name,-26} {result.PerSecond,7:0} logins/s  {result.CpuMsPerLogin,6:0.000} ms CPU/login  p50 {result.Percentile(0.5),6:0.0} ms  p99 {result.Percentile(0.99),6:0.0} ms  core {result.Busy,4:0%}{(result.Failures > 0 ? $"  {result.Failures} FAILED" : "")}"));
        }
    }

    Report.Print(subjects, results, rss, Console.Out);
    return results.Values.SelectMany(r => r).Any(r => r.Failures > 0) ? 1 : 0;
}
finally
{
    foreach (var subject in subjects)
    {
        await subject.DisposeAsync();
    }

    if (azurite is not null)
    {
        await azurite.DisposeAsync();
    }
}

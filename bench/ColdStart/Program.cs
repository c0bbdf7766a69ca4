using ColdStart;

// Cold start of the app against an empty app of the same kind, side by side in one run (alternating), printed as
// ratios: a speed target is a ratio to a baseline measured on the same machine at the same time, not an absolute time.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var published = await PublishedSubjects.PrepareAsync(options);
using var http = Probe.CreateClient();

var worker = new Pair("worker, via host", "app", "EmptyWorker");
var workerReady = new Pair("worker, host ready", "app", "EmptyWorker");
var standalone = new Pair("standalone", "app", "EmptyWeb");

Console.WriteLine($"runs: {options.Runs} each, alternating app/empty, after one uncounted warm-up run of each");
for (var run = 0; run <= options.Runs; run++)
{
    var counted = run > 0;
    foreach (var (directory, isApp) in new[] { (published.App, true), (published.EmptyWorker, false) })
    {
        var timing = await WorkerStart.MeasureAsync(directory, http);
        if (counted)
        {
            worker.Add(isApp, timing.Answered);
            workerReady.Add(isApp, timing.Ready);
        }
    }

    foreach (var (executable, isApp) in new[] { (published.AppExecutable, true), (published.EmptyWebExecutable, false) })
    {
        var answered = await StandaloneStart.MeasureAsync(executable, http);
        if (counted)
        {
            standalone.Add(isApp, answered);
        }
    }

    Console.Write(counted ? "." : "warm-up done; counted runs: ");
}

Console.WriteLine();
Report.Print([worker, workerReady, standalone], Console.Out);
Console.WriteLine("goal: worker ratio ≤ 1.25 (app/EmptyWorker, first answered request through the host) and standalone ratio ≤ 1.25 (app/EmptyWeb, first answered login)");
return 0;

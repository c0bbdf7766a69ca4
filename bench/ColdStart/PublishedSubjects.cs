using System.Diagnostics;

namespace ColdStart;

/// <summary>
/// The three publish outputs behind the four subjects (the app's one publish serves as worker and standalone), each
/// published once with the flags azd deploys with, so app and baseline differ only in their code.
/// </summary>
internal sealed class PublishedSubjects : IDisposable
{
    private static readonly string[] PublishFlags = ["-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishReadyToRun=true", "-m:1", "-nologo", "-v:q"];

    private readonly DirectoryInfo? _temporary;

    private PublishedSubjects(string app, string emptyWorker, string emptyWeb, DirectoryInfo? temporary)
    {
        App = app;
        EmptyWorker = emptyWorker;
        EmptyWeb = emptyWeb;
        _temporary = temporary;
    }

    public string App { get; }

    public string EmptyWorker { get; }

    public string EmptyWeb { get; }

    public string AppExecutable => Path.Combine(App, "AuthFunctions");

    public string EmptyWebExecutable => Path.Combine(EmptyWeb, "EmptyWeb");

    public static async Task<PublishedSubjects> PrepareAsync(BenchOptions options)
    {
        var temporary = options is { App: not null, EmptyWorker: not null, EmptyWeb: not null } ? null : Directory.CreateTempSubdirectory("coldstart-");
        try
        {
            var root = RepositoryRoot();
            var app = options.App ?? await PublishAsync(Path.Combine(root, "Functions"), Path.Combine(temporary!.FullName, "app"));
            var emptyWorker = options.EmptyWorker ?? await PublishAsync(Path.Combine(root, "bench", "EmptyWorker"), Path.Combine(temporary!.FullName, "empty-worker"));
            var emptyWeb = options.EmptyWeb ?? await PublishAsync(Path.Combine(root, "bench", "EmptyWeb"), Path.Combine(temporary!.FullName, "empty-web"));
            return new PublishedSubjects(app, emptyWorker, emptyWeb, temporary);
        }
        catch
        {
            temporary?.Delete(recursive: true);
            throw;
        }
    }

    public void Dispose() => _temporary?.Delete(recursive: true);

    private static async Task<string> PublishAsync(string project, string output)
    {
        Console.WriteLine($"publishing {Path.GetFileName(project)} (self-contained, ReadyToRun, linux-x64) …");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "publish", project, "-o", output }.Concat(PublishFlags))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} failed ({process.ExitCode}):\n{await stdout}{await stderr}");
        }

        return output;
    }

    // The driver runs from its bin folder; the projects it publishes are found from the solution file up the tree.
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AuthFunctions.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"AuthFunctions.slnx not found above {AppContext.BaseDirectory}; pass --app, --empty-worker and --empty-web.");
    }
}

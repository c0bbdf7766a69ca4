using System.Text.Json.Nodes;

namespace AuthFunctions.Tests.FunctionsHost;

internal static partial class HostBehaviour
{
    /// <summary>
    /// RpcWorkerConfigFactory.cs / RpcWorkerDescription.cs: the process comes from <c>worker.config.json</c>,
    /// <c>description.defaultExecutablePath</c> then <c>defaultWorkerPath</c>, with <c>{WorkerRoot}</c> standing for the
    /// worker directory (with a trailing separator). A framework-dependent build names <c>dotnet</c> plus the dll; a
    /// self-contained publish names the apphost plus the dll, which the apphost takes as its first argument.
    /// </summary>
    public static (string Executable, List<string> Arguments) WorkerCommand(string appDirectory)
    {
        var configPath = Path.Combine(appDirectory, "worker.config.json");
        if (!File.Exists(configPath))
        {
            throw new FileNotFoundException($"{configPath} is missing: is '{appDirectory}' the output of an isolated worker build?", configPath);
        }

        var description = JsonNode.Parse(File.ReadAllText(configPath))?["description"]
            ?? throw new InvalidOperationException($"{configPath} has no 'description'.");
        var workerRoot = Path.TrimEndingDirectorySeparator(appDirectory) + Path.DirectorySeparatorChar;
        string? Expand(string? value) => value?.Replace("{WorkerRoot}", workerRoot, StringComparison.OrdinalIgnoreCase);

        var executable = Expand((string?)description["defaultExecutablePath"])
            ?? throw new InvalidOperationException($"{configPath} has no 'description.defaultExecutablePath'.");

        // The host finds 'dotnet' on PATH; under 'dotnet test' the muxer running the tests is the surer choice.
        if (executable == "dotnet" && Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } muxer)
        {
            executable = muxer;
        }

        var arguments = new List<string>();
        if (description["arguments"] is JsonArray executableArguments)
        {
            arguments.AddRange(executableArguments.Select(a => Expand((string?)a) ?? ""));
        }

        if (Expand((string?)description["defaultWorkerPath"]) is { Length: > 0 } workerPath)
        {
            arguments.Add(Path.Combine(appDirectory, workerPath));
        }

        return (executable, arguments);
    }

    /// <summary>
    /// Core Tools (not the host): app settings come from <c>local.settings.json</c> Values when the file exists. The
    /// host itself takes app settings from its own environment, which the worker process inherits.
    /// </summary>
    public static Dictionary<string, string?> LocalSettingsValues(string appDirectory)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var path = Path.Combine(appDirectory, "local.settings.json");
        if (File.Exists(path) && JsonNode.Parse(File.ReadAllText(path))?["Values"] is JsonObject settings)
        {
            foreach (var (key, value) in settings)
            {
                values[EnvironmentName(key)] = value?.ToString();
            }
        }

        return values;
    }

    /// <summary>
    /// HttpOptions (HttpExtensionConfigProvider.cs): host.json <c>extensions.http.routePrefix</c>, "api" when absent; an
    /// empty string means no prefix. The worker's ASP.NET Core integration reads the same file for its own routes.
    /// </summary>
    public static string RoutePrefix(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(path))
        {
            return DefaultRoutePrefix;
        }

        var options = new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var prefix = JsonNode.Parse(File.ReadAllText(path), documentOptions: options)?["extensions"]?["http"]?["routePrefix"];
        return prefix is null ? DefaultRoutePrefix : ((string?)prefix ?? "").Trim('/');
    }

    /// <summary>Configuration keys as environment names: ':' cannot appear in a Linux variable name, '__' stands for it.</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}

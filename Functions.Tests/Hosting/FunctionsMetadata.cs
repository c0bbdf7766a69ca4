using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;

namespace AuthFunctions.Tests.Hosting;

/// <summary>The <c>functions.metadata</c> the Worker SDK generates from the <c>[Function]</c> attributes: what the Functions host loads.</summary>
public sealed record FunctionsMetadata(IReadOnlyList<FunctionEntry> Functions)
{
    /// <summary>The Functions project's own build output: the function app root the host runs.</summary>
    public static string AppDirectory { get; } = FindAppDirectory();

    public static FunctionsMetadata Load(string? directory = null)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory ?? AppDirectory, "functions.metadata")));
        return new([.. doc.RootElement.EnumerateArray().Select(FunctionEntry.Parse)]);
    }

    private static string FindAppDirectory()
    {
        // Functions.Tests/bin/<Configuration>/<tfm>/ → Functions/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dir = Path.Combine(RepoPaths.Root, "Functions", "bin", tfm.Parent!.Name, tfm.Name);
        return File.Exists(Path.Combine(dir, "functions.metadata"))
            ? dir
            : throw new InvalidOperationException($"{dir} has no functions.metadata: build the Functions project first.");
    }
}

/// <summary>One function: its name and trigger binding.</summary>
public sealed record FunctionEntry(string Name, string TriggerType, string? Route, IReadOnlyList<string> Methods, string? AuthLevel, string? Schedule)
{
    public bool IsHttp => TriggerType == "httpTrigger";

    public static FunctionEntry Parse(JsonElement f)
    {
        var trigger = f.GetProperty("bindings").EnumerateArray().First(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
        string? Text(string name) => trigger.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var methods = trigger.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToList() : [];
        return new(f.GetProperty("name").GetString()!, trigger.GetProperty("type").GetString()!, Text("route"), methods, Text("authLevel"), Text("schedule"));
    }
}

using System.Text.Json;
using AuthFunctions.Core;

namespace AuthFunctions.Hosting;

/// <summary>
/// Standalone Development runs read the <c>Values</c> of local.settings.json too, so one file configures both
/// <c>func start</c> and <c>dotnet run</c>. Lowest precedence: environment variables still win.
/// </summary>
internal static class LocalSettings
{
    public const string FileName = "local.settings.json";

    public static void AddLocalSettings(this IConfigurationBuilder configuration, string contentRoot)
    {
        // The build copies Functions/local.settings.json beside the app; a file in the working folder wins.
        var path = new[] { Directory.GetCurrentDirectory(), contentRoot, AppContext.BaseDirectory }
            .Select(d => Path.Combine(d, FileName))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            return;
        }

        using var doc = Parse(path);
        if (!doc.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var settings = values.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(p.Value.GetString()))
            .Select(p => new KeyValuePair<string, string?>(p.Name.Replace("__", ":", StringComparison.Ordinal), p.Value.GetString()));
        var source = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = settings.ToList() };
        if (configuration is IConfigurationManager manager)
        {
            manager.Sources.Insert(0, source);
        }
        else
        {
            configuration.Add(source);
        }
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            // JsonException counts lines from 0; editors count from 1.
            throw new SettingException($"{path}: line {(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]})", e);
        }
    }
}

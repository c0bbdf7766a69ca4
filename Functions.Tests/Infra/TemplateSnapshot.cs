using System.Text.Json;

namespace AuthFunctions.Tests.Infra;

/// <summary>
/// infra/main.bicep evaluated for given parameter values by <c>bicep snapshot</c> (offline: the Bicep CLI runs the
/// template's expressions itself, modules included, and writes the resources Azure would receive). Values only Azure
/// knows, such as an identity's client id, stay as reference(...) expressions; everything the parameters decide is
/// a plain value, so a test can compare app settings and outputs exactly.
/// </summary>
public sealed class TemplateSnapshot
{
    private TemplateSnapshot(IReadOnlyDictionary<string, string> appSettings, IReadOnlyDictionary<string, string> outputs)
    {
        AppSettings = appSettings;
        Outputs = outputs;
    }

    /// <summary>The function app's settings (the api module's sites/config 'appsettings').</summary>
    public IReadOnlyDictionary<string, string> AppSettings { get; }

    /// <summary>main.bicep's outputs, as azd stores them in the environment.</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; }

    /// <summary>The <c>OAuth__Providers__*</c> settings only.</summary>
    public IReadOnlyDictionary<string, string> ProviderSettings =>
        AppSettings.Where(s => s.Key.StartsWith("OAuth__Providers__", StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value);

    /// <summary>
    /// Evaluates main.bicep with <paramref name="parameters"/>: <c>param name = value</c> lines of a .bicepparam file
    /// (Bicep syntax); environmentName and location are given here.
    /// </summary>
    public static TemplateSnapshot Of(string parameters)
    {
        var dir = Directory.CreateTempSubdirectory("authfunctions-snapshot-").FullName;
        try
        {
            // A .bicepparam file names its template by a relative path.
            var main = Path.GetRelativePath(dir, Path.Combine(InfraFiles.Infra, "main.bicep")).Replace('\\', '/');
            File.WriteAllText(Path.Combine(dir, "test.bicepparam"), $"""
                using '{main}'
                param environmentName = 'snapshot'
                param location = 'swedencentral'
                {parameters}
                """);
            var (code, stdout, stderr) = CompiledTemplate.RunBicep(
                [
                    "snapshot", Path.Combine(dir, "test.bicepparam"), "--mode", "overwrite",
                    "--subscription-id", "00000000-0000-0000-0000-000000000001", "--tenant-id", "00000000-0000-0000-0000-000000000002",
                    "--location", "swedencentral",
                ],
                dir);
            var file = Path.Combine(dir, "test.snapshot.json");
            if (code != 0 || !File.Exists(file))
            {
                throw new InvalidOperationException($"bicep snapshot failed ({code}):\n{stdout}{stderr}");
            }

            using var snapshot = JsonDocument.Parse(File.ReadAllText(file));
            var diagnostics = snapshot.RootElement.GetProperty("diagnostics");
            if (diagnostics.GetArrayLength() > 0)
            {
                throw new InvalidOperationException("bicep snapshot reported: " + diagnostics);
            }

            var settings = snapshot.RootElement.GetProperty("predictedResources").EnumerateArray()
                .Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/sites/config" && r.GetProperty("name").GetString()!.EndsWith("/appsettings", StringComparison.Ordinal))
                .GetProperty("properties");
            return new TemplateSnapshot(Strings(settings), Strings(snapshot.RootElement.GetProperty("outputs")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Dictionary<string, string> Strings(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
}

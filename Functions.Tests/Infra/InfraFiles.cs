using System.Text.Json;
using System.Text.RegularExpressions;
using AuthFunctions.Tests.Infrastructure;

namespace AuthFunctions.Tests.Infra;

/// <summary>The deployment files the contract tests compare with the app: Bicep, azd's azure.yaml and hooks, host.json.</summary>
public static partial class InfraFiles
{
    public static string Infra => Path.Combine(RepoPaths.Root, "infra");

    public static BicepText Main { get; } = new(Path.Combine(Infra, "main.bicep"));

    public static BicepText Api { get; } = new(Path.Combine(Infra, "app", "api.bicep"));

    public static BicepText Rbac { get; } = new(Path.Combine(Infra, "app", "rbac.bicep"));

    /// <summary>The name of the object literal in api.bicep that holds the fixed app settings.</summary>
    public const string AppSettingsVariable = "baseAppSettings";

    /// <summary>
    /// Every app setting api.bicep sets: the keys of the settings object, and settings built from a list, written as
    /// 'Name__${i}' and returned as "Name__{n}".
    /// </summary>
    public static IReadOnlySet<string> BicepAppSettings { get; } = ReadBicepAppSettings();

    public static IReadOnlyList<string> ParameterFileNames =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Infra, "main.parameters.json"))).RootElement
            .GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

    public static string AzureYaml => File.ReadAllText(Path.Combine(RepoPaths.Root, "azure.yaml"));

    /// <summary>A hook script in infra/hooks, e.g. "postprovision.sh".</summary>
    public static string Hook(string fileName) => File.ReadAllText(Path.Combine(Infra, "hooks", fileName));

    public static IReadOnlyList<string> HookNames { get; } = ["postprovision", "postdeploy"];

    public static JsonElement HostJson => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json"))).RootElement;

    public static JsonElement LocalSettingsSample =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "local.settings.sample.json"))).RootElement;

    public static string FunctionsProject => File.ReadAllText(Path.Combine(RepoPaths.Root, "Functions", "Functions.csproj"));

    /// <summary>The source file of a type the test cannot reflect over (settings read by name), e.g. Storage/StorageSettings.cs.</summary>
    public static string Source(params string[] path) => File.ReadAllText(Path.Combine([RepoPaths.Root, "Functions", .. path]));

    /// <summary>Upper-case environment names a hook reads: ${NAME} / $NAME in sh, $env:NAME in PowerShell.</summary>
    public static IReadOnlySet<string> EnvironmentReads(string hookFileName) =>
        (hookFileName.EndsWith(".ps1", StringComparison.Ordinal) ? PowerShellEnvironmentRead() : ShellEnvironmentRead())
            .Matches(Hook(hookFileName))
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> ReadBicepAppSettings()
    {
        var keys = new HashSet<string>(Api.ObjectKeys(AppSettingsVariable), StringComparer.OrdinalIgnoreCase);
        foreach (Match m in ListSettingPattern().Matches(Api.Text))
        {
            keys.Add(m.Groups[1].Value + "__{n}");
        }

        return keys;
    }

    [GeneratedRegex(@"'([A-Za-z0-9_]+?)__\$\{\w+\}'")]
    private static partial Regex ListSettingPattern();

    [GeneratedRegex(@"\$\{?([A-Z][A-Z0-9_]*[A-Z0-9])\b")]
    private static partial Regex ShellEnvironmentRead();

    [GeneratedRegex(@"\$env:([A-Z][A-Z0-9_]*[A-Z0-9])\b")]
    private static partial Regex PowerShellEnvironmentRead();
}

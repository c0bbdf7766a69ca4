using System.Text.Json;
using System.Text.RegularExpressions;
using AuthFunctions.Tests.Infrastructure;

namespace AuthFunctions.Tests.Infra;

/// <summary>The deployment files the contract tests compare with the app: Bicep, azd's azure.yaml and hooks, host.json.</summary>
public static partial class InfraFiles
{
    public static string Infra => Path.Combine(RepoPaths.Root, "infra");

    /// <summary>The compiled api module: plan, function app and its app settings.</summary>
    public static ArmTemplate Api => CompiledTemplate.Main.ModuleTemplate("api");

    /// <summary>The compiled rbac module: the role assignments.</summary>
    public static ArmTemplate Rbac => CompiledTemplate.Main.ModuleTemplate("rbac");

    /// <summary>The function app resource of the api module.</summary>
    public static JsonElement Site => Api.ResourcesOfType("Microsoft.Web/sites").Single();

    /// <summary>The one <c>Microsoft.Web/sites/config</c> 'appsettings' resource: it replaces the app's whole set of settings.</summary>
    public static JsonElement AppSettingsResource =>
        Api.ResourcesOfType("Microsoft.Web/sites/config").Single(r => r.GetProperty("name").GetString()!.EndsWith("'appsettings')]", StringComparison.Ordinal));

    /// <summary>
    /// Every app setting name in the compiled app settings resource: the keys of its settings objects, a list as
    /// "Name__{n}" (OAuth__AllowedReturnUrls__{n}) and the custom providers as "OAuth__Providers__{id}__Field", one per
    /// field of their parameter type.
    /// </summary>
    public static IReadOnlySet<string> BicepAppSettings => CompiledAppSettings.Names(Api, CompiledTemplate.Main, AppSettingsResource);

    /// <summary>The value expression of a fixed app setting, e.g. "[parameters('githubClientId')]".</summary>
    public static string? BicepAppSetting(string name) => CompiledAppSettings.Value(Api, AppSettingsResource, name);

    public static IReadOnlyList<string> ParameterFileNames =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Infra, "main.parameters.json"))).RootElement
            .GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

    /// <summary>The azd environment values main.parameters.json reads (${NAME} or ${NAME=default}): set by the user or azd, not outputs.</summary>
    public static IReadOnlySet<string> ParameterFileReads =>
        ShellEnvironmentRead().Matches(File.ReadAllText(Path.Combine(Infra, "main.parameters.json"))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

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

    [GeneratedRegex(@"\$\{?([A-Z][A-Z0-9_]*[A-Z0-9])\b")]
    private static partial Regex ShellEnvironmentRead();

    [GeneratedRegex(@"\$env:([A-Z][A-Z0-9_]*[A-Z0-9])\b")]
    private static partial Regex PowerShellEnvironmentRead();
}

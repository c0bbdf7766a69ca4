using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuthFunctions.Tests.Infrastructure;

namespace AuthFunctions.Tests.Infra;

/// <summary>
/// infra/main.bicep compiled to ARM JSON by the Bicep CLI the test project downloads from NuGet (PackageDownload,
/// version in Functions.Tests.csproj), once per test run, into memory: the contract tests read what Azure would
/// receive, not the Bicep text.
/// </summary>
public static partial class CompiledTemplate
{
    private static readonly Lazy<(ArmTemplate Main, string Diagnostics)> Compiled = new(Compile);

    public static ArmTemplate Main => Compiled.Value.Main;

    /// <summary>What <c>bicep build</c> wrote to stderr: warnings and errors (type errors are warnings, exit code 0).</summary>
    public static string Diagnostics => Compiled.Value.Diagnostics;

    /// <summary>The diagnostic lines in <paramref name="output"/>: Bicep writes them as "path(line,col) : Warning BCP089: ...".</summary>
    public static IReadOnlyList<string> DiagnosticLines(string output) =>
        output.Split('\n').Where(l => DiagnosticLine().IsMatch(l)).Select(l => l.TrimEnd()).ToList();

    private static (ArmTemplate, string) Compile()
    {
        var (code, json, diagnostics) = RunBicep(["build", Path.Combine(InfraFiles.Infra, "main.bicep"), "--no-restore", "--stdout"]);
        return code == 0
            ? (new ArmTemplate(JsonDocument.Parse(json).RootElement.Clone()), diagnostics)
            : throw new InvalidOperationException($"bicep build infra/main.bicep failed ({code}):\n{diagnostics}");
    }

    /// <summary>Runs the Bicep CLI the test project downloads with <paramref name="arguments"/>: exit code, stdout, stderr.</summary>
    public static (int Code, string Stdout, string Stderr) RunBicep(IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var bicep = typeof(CompiledTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepCliPath").Value
            ?? throw new InvalidOperationException("Functions.Tests.csproj sets no BicepCliPath");
        if (!OperatingSystem.IsLinux() || !File.Exists(bicep))
        {
            throw new InvalidOperationException($"No Bicep CLI at {bicep}: dotnet restore Functions.Tests downloads it (linux-x64 only)");
        }

        // NuGet extracts it as rwxr--r--: executable for the owner only.
        File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var psi = new ProcessStartInfo(bicep, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill();
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 2 minutes");
        }

        return (p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    [GeneratedRegex(@" : (Error|Warning) ")]
    private static partial Regex DiagnosticLine();
}

/// <summary>One ARM template (main.json or a module's nested template), read the way the contract tests need it.</summary>
public sealed partial class ArmTemplate(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public IReadOnlyList<string> Parameters => Root.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

    /// <summary>Parameters without a default value (and not nullable): azd must supply them.</summary>
    public IReadOnlyList<string> RequiredParameters =>
        Root.GetProperty("parameters").EnumerateObject()
            .Where(p => !p.Value.TryGetProperty("defaultValue", out _) && !(p.Value.TryGetProperty("nullable", out var n) && n.GetBoolean()))
            .Select(p => p.Name)
            .ToList();

    public IReadOnlyList<string> Outputs => Root.TryGetProperty("outputs", out var o) ? o.EnumerateObject().Select(p => p.Name).ToList() : [];

    public JsonElement Variable(string name) => Root.GetProperty("variables").GetProperty(name);

    public JsonElement Definition(string name) => Root.GetProperty("definitions").GetProperty(name);

    /// <summary>The body (output value expression) of the user-defined Bicep function <paramref name="name"/>.</summary>
    public string Function(string name) =>
        Root.GetProperty("functions").EnumerateArray()
            .Where(ns => ns.GetProperty("namespace").GetString() == "__bicep")
            .Select(ns => ns.GetProperty("members").TryGetProperty(name, out var f) ? f.GetProperty("output").GetProperty("value").GetString() : null)
            .FirstOrDefault(v => v is not null)
            ?? throw new InvalidOperationException($"no function named '{name}'");

    /// <summary>Every resource; languageVersion 2.0 keys them by symbolic name, 1.x lists them.</summary>
    public IEnumerable<JsonElement> Resources =>
        Root.GetProperty("resources") is { ValueKind: JsonValueKind.Object } byName
            ? byName.EnumerateObject().Select(p => p.Value)
            : Root.GetProperty("resources").EnumerateArray();

    public IEnumerable<JsonElement> ResourcesOfType(string type) =>
        Resources.Where(r => string.Equals(r.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The deployment resource of <c>module <paramref name="name"/></c>.</summary>
    public JsonElement Module(string name) =>
        ResourcesOfType("Microsoft.Resources/deployments").SingleOrDefault(r => r.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } m
            ? m
            : throw new InvalidOperationException($"no module named '{name}'");

    public ArmTemplate ModuleTemplate(string name) => new(Module(name).GetProperty("properties").GetProperty("template"));

    /// <summary>The expression a module parameter is given, e.g. "[parameters('githubClientId')]", or its literal as text.</summary>
    public string ModuleParameter(string module, string parameter) =>
        Module(module).GetProperty("properties").GetProperty("parameters").TryGetProperty(parameter, out var p)
            ? p.GetProperty("value").ToString()
            : throw new InvalidOperationException($"module '{module}' gets no parameter '{parameter}'");

    /// <summary>"x" for the expression "[parameters('x')]" (or null when it is something else).</summary>
    public static string? ParameterName(string expression) => ParameterExpression().Match(expression) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"^\[parameters\('(\w+)'\)\]$")]
    private static partial Regex ParameterExpression();
}

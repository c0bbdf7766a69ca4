using System.Diagnostics;
using Shouldly;

namespace AuthFunctions.Tests.Hosting;

/// <summary>The built app as a person starts it (<c>dotnet AuthFunctions.dll</c>): a bad setting is one line and exit code 1.</summary>
public sealed class StartupProcessTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params (string Name, string Value)[] environment)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(FunctionsMetadata.AppDirectory, "AuthFunctions.dll"), "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["DOTNET_ENVIRONMENT"] = "Development";
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task A_value_that_is_not_a_TimeSpan_prints_one_line_naming_it_and_exits_1()
    {
        var (exitCode, output) = await RunAsync(Path.GetTempPath(), ("OAuth__AccessTokenLifetime", "1hour"));

        exitCode.ShouldBe(1);
        output.ShouldContain("OAuth__AccessTokenLifetime: \"1hour\" is not a TimeSpan (e.g. 01:00:00)");
        output.ShouldNotContain("   at ");
        output.ShouldNotContain("Exception");
    }

    [Fact]
    public async Task A_broken_local_settings_file_is_named_with_its_line()
    {
        var folder = Directory.CreateTempSubdirectory("authfunctions-settings-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "local.settings.json"), "{\n  \"Values\": {\n    \"OAuth__StateLifetime\": \"00:10:00\",,\n  }\n}\n");

            var (exitCode, output) = await RunAsync(folder.FullName);

            exitCode.ShouldBe(1);
            output.ShouldContain(Path.Combine(folder.FullName, "local.settings.json") + ": line 3: not valid JSON");
            output.ShouldNotContain("   at ");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

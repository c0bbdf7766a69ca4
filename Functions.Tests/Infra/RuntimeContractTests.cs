using System.Text.RegularExpressions;
using Shouldly;

namespace AuthFunctions.Tests.Infra;

/// <summary>The function app must run the app as host.json describes it: a custom handler starting the published executable.</summary>
public sealed class RuntimeContractTests
{
    /// <summary>The executable host.json tells the Functions host to start.</summary>
    public static string HandlerExecutable =>
        InfraFiles.HostJson.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;

    [Fact]
    public void The_function_app_runs_the_custom_handler_runtime_host_json_is_written_for()
    {
        var runtime = Regex.Match(InfraFiles.Api.Text, @"runtime:\s*\{\s*name:\s*'([^']+)'");
        runtime.Success.ShouldBeTrue("api.bicep sets no functionAppConfig.runtime.name");

        runtime.Groups[1].Value.ShouldBe("custom");
        InfraFiles.LocalSettingsSample.GetProperty("Values").GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString()
            .ShouldBe(runtime.Groups[1].Value, StringCompareShould.IgnoreCase);
        // Flex Consumption rejects these app settings; the runtime comes from functionAppConfig.
        InfraFiles.BicepAppSettings.ShouldNotContain("FUNCTIONS_WORKER_RUNTIME");
        InfraFiles.BicepAppSettings.ShouldNotContain("FUNCTIONS_EXTENSION_VERSION");
    }

    [Fact]
    public void The_executable_host_json_starts_is_the_assembly_the_functions_project_publishes()
    {
        var assemblyName = Regex.Match(InfraFiles.FunctionsProject, "<AssemblyName>([^<]+)</AssemblyName>").Groups[1].Value;

        HandlerExecutable.ShouldBe(assemblyName);
        HandlerExecutable.ShouldBe(typeof(AuthFunctions.Hosting.AuthApp).Assembly.GetName().Name);
    }
}

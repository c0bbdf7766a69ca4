using System.Text.Json;
using System.Text.RegularExpressions;
using AuthFunctions.Tests.Hosting;
using Shouldly;

namespace AuthFunctions.Tests.Infra;

/// <summary>The function app must run the app as it is built: the .NET isolated worker on .NET 10, starting the assembly the project builds.</summary>
public sealed class RuntimeContractTests
{
    [Fact]
    public void The_function_app_runs_the_isolated_worker_runtime_the_app_is_built_for()
    {
        var runtime = Regex.Match(InfraFiles.Api.Text, @"runtime:\s*\{\s*name:\s*'([^']+)'\s*version:\s*'([^']+)'");
        runtime.Success.ShouldBeTrue("api.bicep sets no functionAppConfig.runtime name and version");

        runtime.Groups[1].Value.ShouldBe("dotnet-isolated");
        runtime.Groups[2].Value.ShouldBe(Environment.Version.Major + ".0");
        InfraFiles.LocalSettingsSample.GetProperty("Values").GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString().ShouldBe(runtime.Groups[1].Value);
        // Flex Consumption rejects these app settings; the runtime comes from functionAppConfig.
        InfraFiles.BicepAppSettings.ShouldNotContain("FUNCTIONS_WORKER_RUNTIME");
        InfraFiles.BicepAppSettings.ShouldNotContain("FUNCTIONS_EXTENSION_VERSION");
    }

    [Fact]
    public void The_worker_the_host_starts_is_the_assembly_the_functions_project_builds()
    {
        var assemblyName = Regex.Match(InfraFiles.FunctionsProject, "<AssemblyName>([^<]+)</AssemblyName>").Groups[1].Value;
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsMetadata.AppDirectory, "worker.config.json"))).RootElement;

        config.GetProperty("description").GetProperty("defaultWorkerPath").GetString().ShouldBe(assemblyName + ".dll");
        assemblyName.ShouldBe(typeof(AuthFunctions.Hosting.LocalHost).Assembly.GetName().Name);
    }
}

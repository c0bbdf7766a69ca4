using System.Text.RegularExpressions;
using AuthFunctions.Secrets;
using Shouldly;

namespace AuthFunctions.Tests.Infra;

/// <summary>azd's side: main.parameters.json, the outputs hooks read, azure.yaml's service and dist, and the hooks themselves.</summary>
public sealed partial class AzdContractTests
{
    [Fact]
    public void Every_parameter_in_main_parameters_json_is_a_parameter_of_main_bicep()
    {
        InfraFiles.ParameterFileNames.Except(CompiledTemplate.Main.Parameters).ShouldBeEmpty();
    }

    [Fact]
    public void Every_parameter_of_main_bicep_without_a_default_is_given_by_main_parameters_json()
    {
        CompiledTemplate.Main.RequiredParameters.Except(InfraFiles.ParameterFileNames).ShouldBeEmpty();
    }

    [Fact]
    public void Every_output_a_hook_reads_is_an_output_of_main_bicep()
    {
        var outputs = CompiledTemplate.Main.Outputs;
        foreach (var hook in InfraFiles.HookNames.SelectMany(h => new[] { h + ".sh", h + ".ps1" }))
        {
            // Values the user sets (main.parameters.json reads them) are not outputs.
            var fromBicep = InfraFiles.EnvironmentReads(hook).Where(n => BicepOutputPrefix().IsMatch(n) && !InfraFiles.ParameterFileReads.Contains(n));
            fromBicep.Except(outputs).ShouldBeEmpty($"{hook} reads values main.bicep does not output");
        }
    }

    [Fact]
    public void The_posix_and_windows_hooks_read_the_same_azd_values()
    {
        foreach (var hook in InfraFiles.HookNames)
        {
            InfraFiles.EnvironmentReads(hook + ".ps1").Order().ShouldBe(InfraFiles.EnvironmentReads(hook + ".sh").Order(), hook);
        }
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_a_dotnet_function_app()
    {
        var yaml = InfraFiles.AzureYaml;
        Regex.IsMatch(yaml, @"(?m)^  api:\s*$").ShouldBeTrue("azure.yaml: service api");
        Regex.IsMatch(yaml, @"(?m)^\s+project:\s*\./Functions\s*$").ShouldBeTrue("azure.yaml: project ./Functions");
        Regex.IsMatch(yaml, @"(?m)^\s+host:\s*function\s*$").ShouldBeTrue("azure.yaml: host function");
        Regex.IsMatch(yaml, @"(?m)^\s+language:\s*dotnet\s*$").ShouldBeTrue("azure.yaml: language dotnet (azd publishes the project itself)");
        yaml.ShouldNotContain("prepackage");
        // language custom is an alpha feature of azd (azd up fails unless enabled), and dist would be read as a
        // folder inside azd's own publish output.
        Regex.IsMatch(yaml, @"(?m)^\s+language:\s*custom").ShouldBeFalse();
        Regex.IsMatch(yaml, @"(?m)^\s+dist:").ShouldBeFalse();
        Regex.IsMatch(yaml, @"(?m)^requiredVersions:\s*\n\s+azd:\s*""?>=").ShouldBeTrue("azure.yaml: requiredVersions.azd");

        // azd finds the function app by its tag azd-service-name, which main.bicep sets from serviceName.
        CompiledTemplate.Main.ModuleParameter("api", "serviceName").ShouldBe("api");
        InfraFiles.Site.GetProperty("tags").GetString().ShouldBe("[union(parameters('tags'), createObject('azd-service-name', parameters('serviceName')))]");
    }

    [Fact]
    public void A_publish_of_the_functions_project_is_ReadyToRun_for_linux_x64_and_never_trimmed()
    {
        var project = InfraFiles.FunctionsProject;

        Regex.IsMatch(project, @"<PublishReadyToRun[^>]*>true</PublishReadyToRun>").ShouldBeTrue();
        project.ShouldContain(">linux-x64</RuntimeIdentifier>");
        project.ShouldNotContain("<PublishTrimmed");
        project.ShouldNotContain("<PublishAot");
    }

    [Fact]
    public void The_secrets_hooks_store_secrets_under_the_names_the_app_reads()
    {
        var signingKey = new KeyVaultOptions().SigningKeySecretName;
        var clientSecret = "$id" + KeyVaultOptions.ClientSecretName("");

        Regex.Match(InfraFiles.Hook("postprovision.sh"), @"(?m)^signing_key_secret=(\S+)\s*$").Groups[1].Value.ShouldBe(signingKey);
        Regex.Match(InfraFiles.Hook("postprovision.ps1"), @"(?m)^\$signingKeySecret\s*=\s*'([^']+)'").Groups[1].Value.ShouldBe(signingKey);
        foreach (var hook in new[] { "postprovision.sh", "postprovision.ps1", "postdeploy.sh", "postdeploy.ps1" })
        {
            InfraFiles.Hook(hook).ShouldContain(clientSecret, Case.Sensitive, $"{hook}: a provider's secret is named KeyVaultOptions.ClientSecretName(id)");
        }
    }

    [Fact]
    public void The_secrets_hooks_hand_secret_values_to_az_in_files_never_on_the_command_line()
    {
        foreach (var hook in new[] { "postprovision.sh", "postprovision.ps1" })
        {
            var text = InfraFiles.Hook(hook);
            text.ShouldNotContain("--value", Case.Sensitive, hook);
            text.ShouldContain("--file", Case.Sensitive, hook);
        }
    }

    [Fact]
    public void The_callback_hooks_tell_custom_providers_by_main_bicep_output_and_print_the_routes_the_host_serves()
    {
        // ~44 catalog providers, more added in parallel: a list of catalog ids in the hooks would fall behind, so
        // main.bicep outputs the custom ones (OAUTH_CUSTOM_PROVIDERS) and every other enabled id is a catalog provider.
        var routePrefix = InfraFiles.HostJson.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();

        CompiledTemplate.Main.Outputs.ShouldContain("OAUTH_CUSTOM_PROVIDERS");
        InfraFiles.Hook("postdeploy.sh").ShouldContain($"%s/{routePrefix}/%s/callback");
        InfraFiles.Hook("postdeploy.ps1").ShouldContain($"{{1}}/{routePrefix}/{{2}}/callback");
        foreach (var hook in new[] { "postdeploy.sh", "postdeploy.ps1" })
        {
            InfraFiles.EnvironmentReads(hook).ShouldContain("OAUTH_CUSTOM_PROVIDERS", hook);
            InfraFiles.Hook(hook).ShouldContain("\"auth/$id\"", Case.Sensitive, hook);
            InfraFiles.Hook(hook).ShouldContain("\"auth/custom/$id\"", Case.Sensitive, hook);
            Regex.IsMatch(InfraFiles.Hook(hook), @"(?m)^\$?catalog\s*=").ShouldBeFalse($"{hook}: no list of catalog ids");
        }
    }

    /// <summary>Names that come from main.bicep outputs rather than from the user or azd itself.</summary>
    [GeneratedRegex("^(AZURE_|OAUTH_|SERVICE_|APPLICATIONINSIGHTS_)")]
    private static partial Regex BicepOutputPrefix();
}

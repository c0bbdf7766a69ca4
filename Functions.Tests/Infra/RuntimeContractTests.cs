using System.Text.Json;
using System.Text.RegularExpressions;
using AuthFunctions.Tests.Hosting;
using Shouldly;

namespace AuthFunctions.Tests.Infra;

/// <summary>The function app must run the app as it is built: the .NET isolated worker on .NET 10, on Flex Consumption, starting the assembly the project builds.</summary>
public sealed class RuntimeContractTests
{
    private static JsonElement FunctionAppConfig => InfraFiles.Site.GetProperty("properties").GetProperty("functionAppConfig");

    [Fact]
    public void The_function_app_runs_the_isolated_worker_runtime_the_app_is_built_for()
    {
        var runtime = FunctionAppConfig.GetProperty("runtime");

        runtime.GetProperty("name").GetString().ShouldBe("dotnet-isolated");
        runtime.GetProperty("version").GetString().ShouldBe(Environment.Version.Major + ".0");
        InfraFiles.LocalSettingsSample.GetProperty("Values").GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString().ShouldBe("dotnet-isolated");
        InfraFiles.Site.GetProperty("kind").GetString().ShouldBe("functionapp,linux");
    }

    [Fact]
    public void The_plan_is_Flex_Consumption_and_its_scale_comes_from_parameters()
    {
        var plan = InfraFiles.Api.ResourcesOfType("Microsoft.Web/serverfarms").Single();
        var scale = FunctionAppConfig.GetProperty("scaleAndConcurrency");

        plan.GetProperty("sku").GetProperty("name").GetString().ShouldBe("FC1");
        plan.GetProperty("properties").GetProperty("reserved").GetBoolean().ShouldBeTrue();
        foreach (var (property, parameter) in new[] { ("instanceMemoryMB", "instanceMemoryMB"), ("maximumInstanceCount", "maximumInstanceCount") })
        {
            scale.GetProperty(property).GetString().ShouldBe($"[parameters('{parameter}')]");
            CompiledTemplate.Main.ModuleParameter("api", parameter).ShouldBe($"[parameters('{parameter}')]");
        }

        CompiledTemplate.Main.Root.GetProperty("parameters").GetProperty("instanceMemoryMB").GetProperty("allowedValues").EnumerateArray()
            .Select(v => v.GetInt32()).ShouldBe([512, 2048, 4096]);
    }

    [Fact]
    public void The_package_is_deployed_from_the_storage_container_with_the_app_identity()
    {
        var storage = FunctionAppConfig.GetProperty("deployment").GetProperty("storage");
        var authentication = storage.GetProperty("authentication");

        storage.GetProperty("type").GetString().ShouldBe("blobContainer");
        storage.GetProperty("value").GetString().ShouldBe("[format('{0}{1}', parameters('blobEndpoint'), parameters('deploymentContainerName'))]");
        authentication.GetProperty("type").GetString().ShouldBe("UserAssignedIdentity");
        authentication.GetProperty("userAssignedIdentityResourceId").GetString().ShouldBe("[parameters('identityId')]");
        CompiledTemplate.Main.ModuleParameter("storage", "deploymentContainerName").ShouldBe(CompiledTemplate.Main.ModuleParameter("api", "deploymentContainerName"));
    }

    [Fact]
    public void The_storage_account_takes_no_shared_keys_and_holds_the_tables_the_app_uses()
    {
        var storage = CompiledTemplate.Main.ModuleTemplate("storage");
        var account = storage.ResourcesOfType("Microsoft.Storage/storageAccounts").Single().GetProperty("properties");
        var tables = CompiledTemplate.Main.Variable("tableNames").EnumerateArray().Select(t => t.GetString()!);

        account.GetProperty("allowSharedKeyAccess").GetBoolean().ShouldBeFalse();
        account.GetProperty("allowBlobPublicAccess").GetBoolean().ShouldBeFalse();
        account.GetProperty("minimumTlsVersion").GetString().ShouldBe("TLS1_2");
        CompiledTemplate.Main.ModuleParameter("storage", "tableNames").ShouldBe("[variables('tableNames')]");
        tables.Order().ShouldBe(AppTables().Order());
    }

    [Fact]
    public void Key_Vault_uses_RBAC_and_soft_delete_and_Application_Insights_takes_only_Entra_tokens()
    {
        var vault = CompiledTemplate.Main.ModuleTemplate("keyVault").ResourcesOfType("Microsoft.KeyVault/vaults").Single().GetProperty("properties");
        var insights = CompiledTemplate.Main.ModuleTemplate("monitoring").ResourcesOfType("Microsoft.Insights/components").Single().GetProperty("properties");

        vault.GetProperty("enableRbacAuthorization").GetBoolean().ShouldBeTrue();
        vault.GetProperty("enableSoftDelete").GetBoolean().ShouldBeTrue();
        vault.GetProperty("enablePurgeProtection").GetString()!.ShouldContain("parameters('purgeProtection')");
        insights.GetProperty("DisableLocalAuth").GetBoolean().ShouldBeTrue();
        InfraFiles.BicepAppSetting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING").ShouldBe("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]");
    }

    [Fact]
    public void The_worker_the_host_starts_is_the_assembly_the_functions_project_builds()
    {
        var assemblyName = Regex.Match(InfraFiles.FunctionsProject, "<AssemblyName>([^<]+)</AssemblyName>").Groups[1].Value;
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsMetadata.AppDirectory, "worker.config.json"))).RootElement;

        config.GetProperty("description").GetProperty("defaultWorkerPath").GetString().ShouldBe(assemblyName + ".dll");
        assemblyName.ShouldBe(typeof(AuthFunctions.Hosting.LocalHost).Assembly.GetName().Name);
    }

    /// <summary>Every table the app creates: one per ticket kind, and the refresh-token tables.</summary>
    private static IEnumerable<string> AppTables() =>
        Enum.GetValues<AuthFunctions.Storage.TicketKind>().Select(AuthFunctions.Storage.TableTicketStore.TableName)
            .Concat(new[] { typeof(AuthFunctions.Sessions.RefreshTokens), typeof(AuthFunctions.Sessions.UserDirectory) }
                .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static))
                .Where(f => f.IsLiteral && f.Name.EndsWith("Table", StringComparison.Ordinal))
                .Select(f => (string)f.GetRawConstantValue()!));
}

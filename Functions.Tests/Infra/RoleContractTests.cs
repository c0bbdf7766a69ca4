using System.Text.RegularExpressions;
using Shouldly;

namespace AuthFunctions.Tests.Infra;

/// <summary>
/// Azure RBAC in the compiled rbac module against what the app, the Functions host and the hooks call. The app has no
/// keys or connection strings: a missing role is a 403 at run time, so it is checked here.
/// </summary>
public sealed partial class RoleContractTests
{
    // Built-in role definition ids, as listed in Microsoft Learn "Azure built-in roles".
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private const string StorageAccount = "Microsoft.Storage/storageAccounts";
    private const string KeyVault = "Microsoft.KeyVault/vaults";
    private const string ApplicationInsights = "Microsoft.Insights/components";

    /// <summary>What main.bicep passes for the app identity's principal id: an output of the module the app runs as.</summary>
    private const string AppIdentityPrincipal = "[reference('identity').outputs.principalId.value]";

    private static IReadOnlyList<RoleAssignment> Assignments { get; } = ReadAssignments();

    /// <summary>One compiled role assignment: the expressions of its name, scope and principal, and the role id its variable holds.</summary>
    private sealed record RoleAssignment(string Name, string Scope, string ScopeType, string Principal, string RoleVariable, string Role);

    private static List<RoleAssignment> ReadAssignments()
    {
        var rbac = InfraFiles.Rbac;
        return rbac.ResourcesOfType("Microsoft.Authorization/roleAssignments").Select(r =>
        {
            var scope = r.GetProperty("scope").GetString()!;
            var roleVariable = RoleDefinition().Match(r.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!);
            return new RoleAssignment(
                r.GetProperty("name").GetString()!,
                scope,
                ScopeType().Match(scope).Groups[1].Value,
                r.GetProperty("properties").GetProperty("principalId").GetString()!,
                roleVariable.Groups[1].Value,
                roleVariable.Success ? rbac.Variable(roleVariable.Groups[1].Value).GetString()! : "");
        }).ToList();
    }

    /// <summary>Roles granted to the principal that main.bicep passes to the rbac parameter filled with <paramref name="source"/>.</summary>
    private static List<(string Role, string ScopeType)> GrantedTo(string source)
    {
        var main = CompiledTemplate.Main;
        var parameter = InfraFiles.Rbac.Parameters.SingleOrDefault(p => main.ModuleParameter("rbac", p) == source)
            ?? throw new InvalidOperationException($"main.bicep passes {source} to no parameter of the rbac module");
        return Assignments.Where(a => a.Principal == $"[parameters('{parameter}')]").Select(a => (a.Role, a.ScopeType)).ToList();
    }

    /// <summary>What the identity must hold, derived from the settings api.bicep gives the app and the host.</summary>
    private static IEnumerable<(string Role, string ScopeType, string Why)> RolesTheAppIdentityNeeds()
    {
        var settings = InfraFiles.BicepAppSettings;
        if (settings.Contains("AzureWebJobsStorage__tableServiceUri"))
        {
            yield return (StorageTableDataContributor, StorageAccount, "the app keeps login state in tables (AzureWebJobsStorage__tableServiceUri); the host writes diagnostic events there");
        }

        if (settings.Contains("AzureWebJobsStorage__blobServiceUri"))
        {
            yield return (StorageBlobDataOwner, StorageAccount, "the Functions host keeps keys and timer locks in blobs (AzureWebJobsStorage__blobServiceUri)");
        }

        var deployment = InfraFiles.Site.GetProperty("properties").GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage");
        if (deployment.GetProperty("authentication").GetProperty("type").GetString() == "UserAssignedIdentity")
        {
            yield return (StorageBlobDataOwner, StorageAccount, "Flex Consumption reads the deployment package with the identity");
        }

        if (settings.Contains("AzureWebJobsStorage__queueServiceUri"))
        {
            yield return (StorageQueueDataContributor, StorageAccount, "the host uses queues (AzureWebJobsStorage__queueServiceUri)");
        }

        if (settings.Contains("KeyVault__Uri"))
        {
            yield return (KeyVaultSecretsUser, KeyVault, "the app reads client secrets and its signing key from Key Vault (KeyVault__Uri)");
        }

        if (settings.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"))
        {
            yield return (MonitoringMetricsPublisher, ApplicationInsights, "telemetry is sent with an Entra token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING)");
        }
    }

    [Fact]
    public void The_app_identity_holds_every_role_its_settings_need()
    {
        var granted = GrantedTo(AppIdentityPrincipal);

        var missing = RolesTheAppIdentityNeeds().Where(r => !granted.Contains((r.Role, r.ScopeType))).Select(r => $"{r.Role} on {r.ScopeType}: {r.Why}").ToList();

        missing.ShouldBeEmpty();
        RolesTheAppIdentityNeeds().ShouldNotBeEmpty();
    }

    [Fact]
    public void The_person_running_azd_may_write_the_secrets_the_hooks_store()
    {
        var hooksWriteSecrets = InfraFiles.Hook("postprovision.sh").Contains("secret set", StringComparison.Ordinal)
            || InfraFiles.Hook("postprovision.ps1").Contains("'secret', 'set'", StringComparison.Ordinal);
        hooksWriteSecrets.ShouldBeTrue("the postprovision hooks no longer write secrets: drop this test and the role");

        GrantedTo("[parameters('principalId')]").ShouldContain((KeyVaultSecretsOfficer, KeyVault));
    }

    [Fact]
    public void Every_role_assignment_is_named_by_its_scope_principal_and_role()
    {
        Assignments.ShouldNotBeEmpty();
        foreach (var a in Assignments)
        {
            a.RoleVariable.ShouldNotBeEmpty($"{a.Name}: roleDefinitionId must be subscriptionResourceId(roleDefinitions, <role id constant>)");
            a.Name.ShouldBe($"[guid({a.Scope[1..^1]}, {a.Principal[1..^1]}, variables('{a.RoleVariable}'))]", $"{a.Name} must be named guid(scope, principal, role) of its own scope, principal and role");
            GuidPattern().IsMatch(a.Role).ShouldBeTrue($"{a.Name}: the role must be a role id constant");
            a.ScopeType.ShouldNotBeEmpty($"{a.Name}: the scope must be a resource");
        }
    }

    [Fact]
    public void The_identity_holding_the_roles_is_the_identity_the_function_app_runs_as()
    {
        var main = CompiledTemplate.Main;

        main.ModuleParameter("api", "identityId").ShouldBe("[reference('identity').outputs.resourceId.value]");
        main.ModuleParameter("api", "identityClientId").ShouldBe("[reference('identity').outputs.clientId.value]");
        GrantedTo(AppIdentityPrincipal).ShouldNotBeEmpty();
        InfraFiles.Site.GetProperty("identity").GetProperty("userAssignedIdentities").EnumerateObject().Select(p => p.Name)
            .ShouldBe(["[format('{0}', parameters('identityId'))]"]);
        foreach (var setting in new[] { "AZURE_CLIENT_ID", "AzureWebJobsStorage__clientId" })
        {
            InfraFiles.BicepAppSetting(setting).ShouldBe("[parameters('identityClientId')]", $"{setting} must name the identity the roles are given to");
        }
    }

    [GeneratedRegex(@"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', variables\('(\w+)'\)\)\]$")]
    private static partial Regex RoleDefinition();

    [GeneratedRegex(@"^\[resourceId\('([^']+)'")]
    private static partial Regex ScopeType();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex GuidPattern();
}

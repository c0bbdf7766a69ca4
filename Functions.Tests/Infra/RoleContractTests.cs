using System.Text.RegularExpressions;
using Shouldly;

namespace AuthFunctions.Tests.Infra;

/// <summary>
/// Azure RBAC in infra/app/rbac.bicep against what the app, the Functions host and the hooks call. The app has no
/// keys or connection strings: a missing role is a 403 at run time, so it is checked here.
/// </summary>
public sealed class RoleContractTests
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

    private static readonly IReadOnlyList<RoleAssignment> Assignments = InfraFiles.Rbac.RoleAssignments();

    /// <summary>The module symbol in main.bicep of the identity the function app runs as (its client id is AZURE_CLIENT_ID).</summary>
    private static string AppIdentityModule =>
        BicepText.Property(InfraFiles.Main.Module("api"), "identityClientId")?.Split('.')[0]
        ?? throw new InvalidOperationException("main.bicep passes no identityClientId to the api module");

    /// <summary>The rbac.bicep parameter that main.bicep fills with the principal id of <paramref name="source"/>.</summary>
    private static string RbacParameterFilledWith(string source)
    {
        var m = Regex.Match(InfraFiles.Main.Module("rbac"), $@"(?m)^\s*(\w+):\s*{Regex.Escape(source)}\s*$");
        return m.Success ? m.Groups[1].Value : throw new InvalidOperationException($"main.bicep passes {source} to no parameter of the rbac module");
    }

    private static List<(string Role, string ScopeType)> GrantedTo(string principalParameter) =>
        Assignments.Where(a => a.Principal == principalParameter)
            .Select(a => (InfraFiles.Rbac.GuidVariables.GetValueOrDefault(a.Role, a.Role), InfraFiles.Rbac.ExistingResources.GetValueOrDefault(a.Scope, a.Scope)))
            .ToList();

    /// <summary>What the identity must hold, derived from the settings api.bicep gives the app and the host.</summary>
    private static IEnumerable<(string Role, string ScopeType, string Why)> RolesTheAppIdentityNeeds()
    {
        var settings = InfraFiles.BicepAppSettings;
        if (settings.Contains("AzureWebJobsStorage__tableServiceUri"))
        {
            yield return (StorageTableDataContributor, StorageAccount, "the app keeps login state in tables it creates (AzureWebJobsStorage__tableServiceUri)");
        }

        if (settings.Contains("AzureWebJobsStorage__blobServiceUri"))
        {
            yield return (StorageBlobDataOwner, StorageAccount, "the Functions host keeps keys and timer locks in blobs (AzureWebJobsStorage__blobServiceUri)");
        }

        if (InfraFiles.Api.Text.Contains("'UserAssignedIdentity'", StringComparison.Ordinal))
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
        var granted = GrantedTo(RbacParameterFilledWith($"{AppIdentityModule}.outputs.principalId"));

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

        GrantedTo(RbacParameterFilledWith("principalId")).ShouldContain((KeyVaultSecretsOfficer, KeyVault));
    }

    [Fact]
    public void Every_role_assignment_is_named_by_its_scope_principal_and_role()
    {
        Assignments.ShouldNotBeEmpty();
        foreach (var a in Assignments)
        {
            a.NameArguments.ShouldBe(new[] { $"{a.Scope}.id", a.Principal, a.Role }, $"{a.Symbol} must be named guid(scope.id, principal, role) of its own scope, principal and role");
            InfraFiles.Rbac.GuidVariables.ShouldContainKey(a.Role, $"{a.Symbol}: the role must be one of the role id constants");
            InfraFiles.Rbac.ExistingResources.ShouldContainKey(a.Scope, $"{a.Symbol}: the scope must be a resource of rbac.bicep");
        }
    }

    [Fact]
    public void The_identity_holding_the_roles_is_the_identity_the_function_app_runs_as()
    {
        var identity = AppIdentityModule;
        var api = InfraFiles.Main.Module("api");

        BicepText.Property(api, "identityId").ShouldBe($"{identity}.outputs.resourceId");
        RbacParameterFilledWith($"{identity}.outputs.principalId").ShouldNotBeNullOrEmpty();
        foreach (var setting in new[] { "AZURE_CLIENT_ID", "AzureWebJobsStorage__clientId" })
        {
            BicepText.Property(InfraFiles.Api.Text, setting).ShouldBe("identityClientId", $"{setting} must name the identity the roles are given to");
        }
    }
}

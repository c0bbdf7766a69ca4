using System.Text.Json;
using System.Text.RegularExpressions;
using AuthFunctions.Providers;
using Shouldly;

namespace AuthFunctions.Tests.Infra;

/// <summary>
/// The app settings in the compiled template (infra/main.bicep → main.json, the api module's sites/config
/// 'appsettings') against the settings the app reads (its option types, by reflection). A setting renamed on one
/// side only fails here, before a deployment that would not start.
/// </summary>
public sealed class AppSettingsContractTests
{
    private static readonly IReadOnlySet<string> Bicep = InfraFiles.BicepAppSettings;

    [Fact]
    public void The_template_compiles_with_no_diagnostics()
    {
        // Bicep reports type errors (a misspelled property, a wrong value type) as warnings with exit code 0.
        CompiledTemplate.DiagnosticLines(CompiledTemplate.Diagnostics).ShouldBeEmpty();
    }

    [Fact]
    public void Every_setting_the_app_reads_is_set_by_the_bicep_or_listed_as_optional()
    {
        var unset = AppSettingNames.All
            .Where(s => !Bicep.Contains(s.Name) && !Bicep.Contains(s.Pattern) && !OptionalSettings.Covers(s))
            .Select(s => s.Name)
            .ToList();

        unset.ShouldBeEmpty("set these in infra/app/api.bicep (the appsettings resource) or list them with a reason in OptionalSettings.NotSetInAzure");
    }

    [Fact]
    public void Every_app_setting_the_bicep_sets_is_read_by_the_app_or_by_the_host()
    {
        // Any provider id may be configured (a custom provider is added by settings alone), so names match by pattern too.
        var read = AppSettingNames.All.Select(s => PatternRegex(s.Pattern)).ToList();

        var unknown = Bicep.Where(k => !read.Any(r => r.IsMatch(k)) && !OptionalSettings.ForTheHost.ContainsKey(k)).Order().ToList();

        unknown.ShouldBeEmpty("nothing reads these (an unknown OAuth__ setting even stops the app at start-up); rename them to what the app reads");
    }

    [Fact]
    public void Every_setting_listed_as_optional_is_still_read_by_the_app_and_every_host_setting_is_set()
    {
        var read = AppSettingNames.All.SelectMany(s => new[] { s.Name, s.Pattern }).ToHashSet(StringComparer.OrdinalIgnoreCase);

        OptionalSettings.NotSetInAzure.Keys.Where(k => !read.Contains(k)).ShouldBeEmpty("the app no longer reads these: remove them from OptionalSettings");
        OptionalSettings.ForTheHost.Keys.Where(k => !Bicep.Contains(k)).ShouldBeEmpty("api.bicep no longer sets these: remove them from OptionalSettings");
    }

    [Fact]
    public void No_setting_listed_as_not_set_in_Azure_is_set_by_the_bicep()
    {
        // A stale reason ("set by hand") would send a user to the portal, whose changes the next provision removes.
        OptionalSettings.NotSetInAzure.Keys.Where(Bicep.Contains).ShouldBeEmpty("api.bicep sets these now: remove them from OptionalSettings.NotSetInAzure");
    }

    [Fact]
    public void The_app_settings_replace_the_whole_set_so_a_setting_removed_from_the_bicep_leaves_the_app()
    {
        // A sites/config 'appsettings' resource is a full replacement; merging with list(...appsettings) (what the
        // registry module did) would keep a removed return URL or provider active.
        InfraFiles.Api.ResourcesOfType("Microsoft.Web/sites/config").Count().ShouldBe(1);
        var main = CompiledTemplate.Main.Root.GetRawText();
        main.ShouldNotContain("list(", Case.Insensitive, "nothing may read the current app settings back");
        main.ShouldNotContain("listApplicationSettings", Case.Insensitive);
        InfraFiles.Site.GetProperty("properties").GetProperty("siteConfig").TryGetProperty("appSettings", out _)
            .ShouldBeFalse("settings in siteConfig.appSettings as well would be a second source");

        // The return URLs are one list: removing one drops its indexed key, since the set is rebuilt from the list.
        Bicep.ShouldContain("OAuth__AllowedReturnUrls__{n}");
        Bicep.Where(k => Regex.IsMatch(k, @"__\d+$")).ShouldBeEmpty("no fixed index: the list parameter makes them");
    }

    [Fact]
    public void The_dev_provider_function_is_disabled_in_Azure()
    {
        InfraFiles.BicepAppSetting("AzureWebJobs.dev.Disabled").ShouldBe("true");
        InfraFiles.BicepAppSetting("ASPNETCORE_ENVIRONMENT").ShouldBe("Production");
    }

    [Fact]
    public void No_setting_Flex_Consumption_rejects_or_ignores_is_set()
    {
        string[] rejected =
        [
            "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_WORKER_RUNTIME_VERSION", "FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_MAX_HTTP_CONCURRENCY",
            "FUNCTIONS_WORKER_PROCESS_COUNT", "FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED", "SCM_DO_BUILD_DURING_DEPLOYMENT", "ENABLE_ORYX_BUILD",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_SKIP_CONTENTSHARE_VALIDATION",
            "WEBSITE_CONTENTOVERVNET", "WEBSITE_DNS_SERVER", "WEBSITE_VNET_ROUTE_ALL", "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT",
            "WEBSITE_NODE_DEFAULT_VERSION", "WEBSITE_TIME_ZONE", "TZ", "WEBSITE_LOAD_CERTIFICATES",
        ];
        string[] rejectedSiteConfig =
        [
            "alwaysOn", "ftpsState", "linuxFxVersion", "windowsFxVersion", "netFrameworkVersion", "javaVersion", "powerShellVersion",
            "functionAppScaleLimit", "preWarmedInstanceCount", "use32BitWorkerProcess", "vnetRouteAllEnabled",
        ];
        var siteConfig = InfraFiles.Site.GetProperty("properties").GetProperty("siteConfig").EnumerateObject().Select(p => p.Name);

        Bicep.Intersect(rejected, StringComparer.OrdinalIgnoreCase).ShouldBeEmpty();
        siteConfig.Intersect(rejectedSiteConfig, StringComparer.OrdinalIgnoreCase).ShouldBeEmpty();
        Bicep.ShouldNotBeEmpty();
    }

    /// <summary>OAuth__Providers__{id}__Scopes matches OAuth__Providers__acme__Scopes or {id} itself; {n} matches an index or {n} itself.</summary>
    private static Regex PatternRegex(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\{id}", @"([a-z0-9-]+|\{id})", StringComparison.Ordinal).Replace(@"\{n}", @"(\d+|\{n})", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [Fact]
    public void Any_catalog_provider_can_be_switched_on_through_the_providers_parameter_main_parameters_json_gives()
    {
        // No parameter per provider: one map by catalog id, so a provider added to the catalog needs no Bicep change.
        var main = CompiledTemplate.Main;
        main.Root.GetProperty("parameters").GetProperty("providers").GetProperty("type").GetString().ShouldBe("object");
        InfraFiles.ParameterFileNames.ShouldContain("providers", "main.parameters.json is where a user lists the providers to switch on");
        Bicep.ShouldContain("OAuth__Providers__{id}__ClientId");
        main.ModuleParameter("api", "providers").ShouldBe("[variables('catalogProviders')]", "main.bicep folds the named parameters into providers and passes the result on");
    }

    [Fact]
    public void A_catalog_provider_can_set_only_ProviderSettings_that_make_sense_in_Azure_and_never_its_secret()
    {
        var type = ProviderType("providers");
        var fields = type.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var settings = typeof(AuthFunctions.Core.ProviderSettings).GetProperties().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        fields.Keys.Where(f => !settings.Contains(f)).ShouldBeEmpty("each field becomes OAuth__Providers__<id>__<field>: it must be a ProviderSettings property, spelled the same");
        fields.Keys.ShouldNotContain(nameof(AuthFunctions.Core.ProviderSettings.ClientSecret), "client secrets live in Key Vault, not in app settings");
        string[] customOnly = ["Issuer", "AuthorizationEndpoint", "TokenEndpoint", "UserInfoEndpoint", "TokenEndpointAuthMethod", "Pkce"];
        fields.Keys.Intersect(customOnly).ShouldBeEmpty("those define a provider the catalog does not know: customProviders");
        fields["ClientId"].TryGetProperty("nullable", out _).ShouldBeFalse("ClientId is required");
        type.GetProperty("additionalProperties").ValueKind.ShouldBe(JsonValueKind.False, "a misspelled field must be refused (@sealed)");
    }

    [Fact]
    public void Every_setting_a_catalog_entry_names_in_its_URLs_can_be_given_through_the_providers_parameter()
    {
        // Okta needs a Domain, Cognito a Region and UserPoolId, Keycloak a BaseUrl and Realm: a placeholder the
        // parameter cannot carry would leave that provider impossible to deploy.
        var fields = CompiledAppSettings.ProviderFields(CompiledTemplate.Main, "providers").ToHashSet(StringComparer.OrdinalIgnoreCase);

        AuthFunctions.Core.ProviderSettings.TemplateNames.Where(n => !fields.Contains(n)).ShouldBeEmpty("add these to main.bicep's catalogProvider type");
        foreach (var provider in ProviderCatalog.Embedded().ReadAll().Where(p => p.Protocol != "dev"))
        {
            provider.Settings.Keys.Where(k => !fields.Contains(k)).ShouldBeEmpty($"{provider.Id}: main.bicep's catalogProvider type cannot carry these settings");
        }
    }

    [Fact]
    public void A_custom_provider_can_set_only_provider_settings_the_app_reads_and_never_its_secret()
    {
        var fields = Bicep.Where(k => k.StartsWith("OAuth__Providers__{id}__", StringComparison.Ordinal)).ToList();
        var read = AppSettingNames.All.Select(s => s.Pattern).ToHashSet(StringComparer.Ordinal);

        fields.ShouldContain("OAuth__Providers__{id}__ClientId");
        fields.Where(f => !read.Contains(f)).ShouldBeEmpty("a customProvider field the app does not read");
        fields.ShouldNotContain("OAuth__Providers__{id}__ClientSecret", "client secrets live in Key Vault, not in app settings");
        ProviderType("customProviders").GetProperty("additionalProperties").ValueKind.ShouldBe(JsonValueKind.False, "a misspelled field must be refused (@sealed)");
    }

    private static JsonElement ProviderType(string parameter) => CompiledAppSettings.ProviderType(CompiledTemplate.Main, parameter);
}

using System.Text.Json;
using System.Text.RegularExpressions;
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
    public void Every_catalog_provider_gets_its_client_id_from_an_azd_environment_value()
    {
        var main = CompiledTemplate.Main;

        foreach (var id in AppSettingNames.DeployableCatalogProviders)
        {
            var setting = $"OAuth__Providers__{id}__ClientId";
            var apiParameter = ArmTemplate.ParameterName(InfraFiles.BicepAppSetting(setting) ?? "");
            apiParameter.ShouldNotBeNull($"api.bicep sets {setting} from no parameter");

            var mainParameter = ArmTemplate.ParameterName(main.ModuleParameter("api", apiParameter));
            mainParameter.ShouldNotBeNull($"main.bicep does not pass a parameter of its own to the api module's {apiParameter}");
            main.Parameters.ShouldContain(mainParameter);
            InfraFiles.ParameterFileNames.ShouldContain(mainParameter, $"main.parameters.json must map an azd environment value to {mainParameter}");
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
        var type = CompiledTemplate.Main.Root.GetProperty("parameters").GetProperty("customProviders").GetProperty("additionalProperties").GetProperty("$ref").GetString()!;
        CompiledTemplate.Main.Definition(type.Split('/')[^1]).GetProperty("additionalProperties").ValueKind.ShouldBe(JsonValueKind.False, "a misspelled field must be refused (@sealed)");
    }
}

using System.Text.RegularExpressions;
using Shouldly;

namespace AuthFunctions.Tests.Infra;

/// <summary>
/// The app settings infra/app/api.bicep gives the function app against the settings the app reads (its option types,
/// by reflection). A setting renamed on one side only fails here, before a deployment that would not start.
/// </summary>
public sealed class AppSettingsContractTests
{
    private static readonly IReadOnlySet<string> Bicep = InfraFiles.BicepAppSettings;

    [Fact]
    public void Every_setting_the_app_reads_is_set_by_the_bicep_or_listed_as_optional()
    {
        var unset = AppSettingNames.All
            .Where(s => !Bicep.Contains(s.Name) && !OptionalSettings.Covers(s))
            .Select(s => s.Name)
            .ToList();

        unset.ShouldBeEmpty(
            $"set these in infra/app/api.bicep (var {InfraFiles.AppSettingsVariable}) or list them with a reason in OptionalSettings.NotSetInAzure");
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

    /// <summary>OAuth__Providers__{id}__Scopes matches OAuth__Providers__acme__Scopes; {n} matches an index or {n} itself.</summary>
    private static Regex PatternRegex(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\{id}", "[a-z0-9-]+", StringComparison.Ordinal).Replace(@"\{n}", @"(\d+|\{n})", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [Fact]
    public void Every_catalog_provider_gets_its_client_id_from_an_azd_environment_value()
    {
        var apiModule = InfraFiles.Main.Module("api");
        var mainParameters = InfraFiles.Main.Parameters;
        var parameterFile = InfraFiles.ParameterFileNames;

        foreach (var id in AppSettingNames.DeployableCatalogProviders)
        {
            var setting = $"OAuth__Providers__{id}__ClientId";
            var apiParameter = BicepText.Property(InfraFiles.Api.Text, setting);
            apiParameter.ShouldNotBeNull($"api.bicep sets no {setting}");
            InfraFiles.Api.Parameters.ShouldContain(apiParameter, $"{setting} must come from a parameter of api.bicep");

            var mainParameter = BicepText.Property(apiModule, apiParameter);
            mainParameter.ShouldNotBeNull($"main.bicep does not pass {apiParameter} to the api module");
            mainParameters.ShouldContain(mainParameter, $"{apiParameter} must come from a parameter of main.bicep");
            parameterFile.ShouldContain(mainParameter, $"main.parameters.json must map an azd environment value to {mainParameter}");
        }
    }
}

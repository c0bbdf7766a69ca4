using AuthFunctions.Core;
using System.Reflection;
using System.Text.RegularExpressions;
using AuthFunctions.Providers;
using AuthFunctions.Secrets;

namespace AuthFunctions.Tests.Infra;

/// <summary>
/// One setting the app reads, as an app setting name (<c>__</c> separates sections). <see cref="Pattern"/> writes a
/// dictionary key as {id} and a list index as {n}, e.g. OAuth__Providers__{id}__Scopes, OAuth__AllowedReturnUrls__{n}.
/// </summary>
public sealed record AppSetting(string Name, string Pattern);

/// <summary>Every setting the app reads, derived from its option types by reflection, and from the source where settings are read by name.</summary>
public static partial class AppSettingNames
{
    /// <summary>Ids of the catalog providers that can run in Azure (the dev provider exists only in Development).</summary>
    public static IReadOnlyList<string> DeployableCatalogProviders { get; } =
        ProviderCatalog.Embedded().ReadAll().Where(p => p.Protocol != "dev").Select(p => p.Id).ToList();

    public static IReadOnlyList<AppSetting> All { get; } =
    [
        .. FromOptions(typeof(OAuthOptions), OAuthOptions.Section),
        .. FromOptions(typeof(KeyVaultOptions), KeyVaultOptions.Section),
        .. FromOptions(typeof(AuthFunctions.Http.Protection.ApiAuthOptions), AuthFunctions.Http.Protection.ApiAuthOptions.Section),
        .. StorageSettings(),
        // Azure.Identity reads it: DefaultAzureCredential's managed identity picks the user-assigned identity by it.
        new("AZURE_CLIENT_ID", "AZURE_CLIENT_ID"),
    ];

    private static IEnumerable<AppSetting> FromOptions(Type type, string prefix) => FromOptions(type, prefix, prefix);

    private static IEnumerable<AppSetting> FromOptions(Type type, string name, string pattern)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is not null))
        {
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var n = $"{name}__{property.Name}";
            var p = $"{pattern}__{property.Name}";
            if (IsScalar(t))
            {
                yield return new AppSetting(n, p);
            }
            else if (ElementOfList(t) is { } element && IsScalar(element))
            {
                yield return new AppSetting($"{n}__{{n}}", $"{p}__{{n}}");
            }
            else if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>) && t.GetGenericArguments()[0] == typeof(string)
                && ElementOfList(t.GetGenericArguments()[1]) is { } listed && IsScalar(listed))
            {
                // Lists under names the user chooses (OAuth__Roles__admin__0): any key, any index.
                yield return new AppSetting($"{n}__{{id}}__{{n}}", $"{p}__{{id}}__{{n}}");
            }
            else if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>) && t.GetGenericArguments()[0] == typeof(string))
            {
                foreach (var key in DictionaryKeys(type, property))
                {
                    foreach (var s in FromOptions(t.GetGenericArguments()[1], $"{n}__{key}", $"{p}__{{id}}"))
                    {
                        yield return s;
                    }
                }
            }
            else if (t.IsClass)
            {
                foreach (var s in FromOptions(t, n, p))
                {
                    yield return s;
                }
            }
            else
            {
                throw new NotSupportedException($"{type.Name}.{property.Name}: teach the contract test how {t} is bound");
            }
        }
    }

    /// <summary>The keys a dictionary of options is expected to hold in Azure.</summary>
    private static IEnumerable<string> DictionaryKeys(Type owner, PropertyInfo property) =>
        owner == typeof(OAuthOptions) && property.Name == nameof(OAuthOptions.Providers)
            ? DeployableCatalogProviders
            : throw new NotSupportedException($"{owner.Name}.{property.Name}: teach the contract test which keys this dictionary has in Azure");

    /// <summary>
    /// StorageSettings reads AzureWebJobsStorage itself (a connection string) or its identity-based sub-settings
    /// by name: section["tableServiceUri"], section["credential"], ... Read from its source so a rename there shows.
    /// </summary>
    private static IEnumerable<AppSetting> StorageSettings()
    {
        var name = AuthFunctions.Storage.StorageSettings.SettingName;
        yield return new AppSetting(name, name);
        foreach (Match m in SectionIndexer().Matches(InfraFiles.Source("Storage", "StorageSettings.cs")))
        {
            yield return new AppSetting($"{name}__{m.Groups[1].Value}", $"{name}__{m.Groups[1].Value}");
        }
    }

    private static bool IsScalar(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(TimeSpan) || t == typeof(Uri) || t == typeof(decimal)
        || t == typeof(DateTimeOffset) || t == typeof(Guid);

    private static Type? ElementOfList(Type t) =>
        t.IsArray ? t.GetElementType()
        : t.IsGenericType && t.GetGenericTypeDefinition() is var d && (d == typeof(List<>) || d == typeof(IList<>) || d == typeof(IReadOnlyList<>) || d == typeof(IEnumerable<>))
            ? t.GetGenericArguments()[0]
            : null;

    [GeneratedRegex(@"section\[""([A-Za-z]+)""\]")]
    private static partial Regex SectionIndexer();
}

using System.Text.Json.Serialization;

namespace AuthFunctions.Providers;

/// <summary>Source-generated JSON for the catalog's entry files: a misspelt property is an error, not a silent default.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ProviderDescriptor))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;

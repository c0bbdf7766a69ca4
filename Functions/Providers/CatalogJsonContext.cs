using System.Text.Json.Serialization;

namespace AuthFunctions.Providers;

/// <summary>
/// Source-generated JSON for the catalog's entry files: a misspelt property is an error, not a silent default. Read
/// only, so metadata only: the serialization code would encode every property name when the first entry is read.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ProviderDescriptor))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;

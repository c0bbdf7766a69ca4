using System.Text.Json.Serialization;

namespace AuthFunctions.Providers;

/// <summary>Source-generated JSON for what the providers layer reads: discovery documents and dev codes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OidcMetadata))]
[JsonSerializable(typeof(DevCode))]
internal sealed partial class ProvidersJsonContext : JsonSerializerContext;

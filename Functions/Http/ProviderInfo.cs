using System.Text.Json.Serialization;

namespace AuthFunctions.Http;

/// <summary>One entry of <c>GET /api/auth/providers</c>.</summary>
public sealed record ProviderInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("loginUrl")] string LoginUrl);

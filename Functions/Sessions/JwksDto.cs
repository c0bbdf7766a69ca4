using System.Text.Json.Serialization;

namespace AuthFunctions.Sessions;

/// <summary><c>GET /api/auth/jwks</c>.</summary>
public sealed record JwksDto([property: JsonPropertyName("keys")] IReadOnlyList<JwkDto> Keys);

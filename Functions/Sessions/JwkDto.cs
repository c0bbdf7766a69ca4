using System.Text.Json.Serialization;

namespace AuthFunctions.Sessions;

/// <summary>A public key in JWKS form (RFC 7517), EC P-256 only.</summary>
public sealed record JwkDto
{
    [JsonPropertyName("kty")]
    public string Kty { get; init; } = "EC";

    [JsonPropertyName("crv")]
    public string Crv { get; init; } = "P-256";

    [JsonPropertyName("x")]
    public required string X { get; init; }

    [JsonPropertyName("y")]
    public required string Y { get; init; }

    [JsonPropertyName("kid")]
    public required string Kid { get; init; }

    [JsonPropertyName("use")]
    public string Use { get; init; } = "sig";

    [JsonPropertyName("alg")]
    public string Alg { get; init; } = "ES256";
}

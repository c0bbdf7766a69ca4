using System.Text.Json.Serialization;

namespace AuthFunctions.Providers;

/// <summary>A token endpoint's answer (RFC 6749 §5.1, §5.2).</summary>
public sealed record TokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    [JsonPropertyName("id_token")]
    public string? IdToken { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

using System.Text.Json.Serialization;

namespace AuthFunctions.Sessions;

/// <summary>Body of <c>POST /api/auth/session</c>.</summary>
public sealed record SessionRequest
{
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("code_verifier")]
    public string? CodeVerifier { get; init; }
}

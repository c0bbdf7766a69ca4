using System.Text.Json.Serialization;

namespace AuthFunctions.Sessions;

/// <summary>Body of <c>POST /api/auth/refresh</c> and <c>/logout</c> (empty in cookie mode).</summary>
public sealed record RefreshRequest
{
    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }
}

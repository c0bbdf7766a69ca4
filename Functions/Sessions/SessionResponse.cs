using System.Text.Json.Serialization;
using AuthFunctions.Core;

namespace AuthFunctions.Sessions;

/// <summary>Answer of <c>POST /api/auth/session</c> and <c>/refresh</c>.</summary>
public sealed record SessionResponse
{
    [JsonPropertyName("access_token")]
    public required string AccessToken { get; init; }

    [JsonPropertyName("token_type")]
    public string TokenType { get; init; } = "Bearer";

    [JsonPropertyName("expires_in")]
    public required long ExpiresIn { get; init; }

    /// <summary>Absent in cookie mode, where the refresh token lives in an HttpOnly cookie.</summary>
    [JsonPropertyName("refresh_token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("user")]
    public required NormalizedUser User { get; init; }
}

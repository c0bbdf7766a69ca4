using System.Text.Json.Serialization;
using AuthFunctions.Flow;

namespace AuthFunctions.Json;

/// <summary>The parts of an OpenID Provider's discovery document the app uses (OpenID Connect Discovery §3).</summary>
public sealed record OidcMetadata
{
    [JsonPropertyName("issuer")]
    public string? Issuer { get; init; }

    [JsonPropertyName("authorization_endpoint")]
    public string? AuthorizationEndpoint { get; init; }

    [JsonPropertyName("token_endpoint")]
    public string? TokenEndpoint { get; init; }

    [JsonPropertyName("userinfo_endpoint")]
    public string? UserInfoEndpoint { get; init; }

    [JsonPropertyName("jwks_uri")]
    public string? JwksUri { get; init; }

    [JsonPropertyName("end_session_endpoint")]
    public string? EndSessionEndpoint { get; init; }

    [JsonPropertyName("authorization_response_iss_parameter_supported")]
    public bool AuthorizationResponseIssParameterSupported { get; init; }
}

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

/// <summary>Body of <c>POST /api/auth/session</c>.</summary>
public sealed record SessionRequest
{
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("code_verifier")]
    public string? CodeVerifier { get; init; }
}

/// <summary>Body of <c>POST /api/auth/refresh</c> and <c>/logout</c> (empty in cookie mode).</summary>
public sealed record RefreshRequest
{
    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }
}

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

/// <summary>One entry of <c>GET /api/auth/providers</c>.</summary>
public sealed record ProviderInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("loginUrl")] string LoginUrl);

/// <summary>An RFC 9457 problem document with a stable machine-readable code.</summary>
public sealed record Problem
{
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("status")]
    public required int Status { get; init; }

    [JsonPropertyName("code")]
    public required string Code { get; init; }

    [JsonPropertyName("detail")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Detail { get; init; }
}

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

/// <summary><c>GET /api/auth/jwks</c>.</summary>
public sealed record JwksDto([property: JsonPropertyName("keys")] IReadOnlyList<JwkDto> Keys);

/// <summary>The reply a custom handler gives the Functions host for a non-HTTP (timer) invocation.</summary>
public sealed record InvocationResponse
{
    public Dictionary<string, string> Outputs { get; init; } = [];

    public List<string> Logs { get; init; } = [];

    public string? ReturnValue { get; init; }
}

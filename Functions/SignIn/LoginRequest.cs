namespace AuthFunctions.SignIn;

/// <summary>The parameters of <c>GET /api/auth/{id}/login</c>.</summary>
public sealed record LoginRequest(string? ReturnUrl, string? CodeChallenge, string? CodeChallengeMethod, string? Prompt, string? Scope, string? Mode = null);

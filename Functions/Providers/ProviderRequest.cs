namespace AuthFunctions.Providers;

/// <summary>What a provider round trip was started with and must be finished with: the redirect URI, PKCE verifier and nonce.</summary>
public sealed record ProviderRequest(string RedirectUri, string? CodeVerifier, string? Nonce);

namespace AuthFunctions.Http.Protection;

/// <summary>What a protected function learns about its caller from the validated app JWT.</summary>
public sealed record AppTokenClaims(string Subject, IReadOnlyList<string> Roles)
{
    private static readonly object ItemKey = new();

    /// <summary>The caller <see cref="RoleGate"/> let in, for the function to read; null when the function is not protected.</summary>
    public static AppTokenClaims? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var c) ? c as AppTokenClaims : null;

    internal void Attach(HttpContext context) => context.Items[ItemKey] = this;
}

/// <summary>The keys to check a token with cannot be had (JWKS unreachable, signing key unavailable): answer 503, not 401.</summary>
public sealed class AppTokenKeysUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Validates an app JWT: issuer, audience, lifetime, ES256 signature. Null for any token that fails; throws
/// <see cref="AppTokenKeysUnavailableException"/> when it cannot tell.
/// </summary>
public interface IAppTokenValidator
{
    Task<AppTokenClaims?> ValidateAsync(HttpContext context, string token, CancellationToken cancellationToken);
}

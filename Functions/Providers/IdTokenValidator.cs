using AuthFunctions.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using AuthFunctions.Providers.Quirks;

namespace AuthFunctions.Providers;

/// <summary>
/// OIDC Core §3.1.3.7 id_token validation: signature by the provider's JWKS (one refetch on an unknown kid),
/// iss, aud, azp, exp, iat, nonce; asymmetric algorithms only, so <c>alg=none</c> and HMAC with a public key fail.
/// </summary>
public sealed class IdTokenValidator(OidcMetadataCache metadataCache, QuirkSet quirks, TimeProvider time)
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(15);
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>Returns the validated token, or throws <see cref="ProviderException"/> (invalid_response).</summary>
    public async Task<JsonWebToken> ValidateAsync(ResolvedProvider provider, OidcMetadata metadata, string idToken, string? nonce, CancellationToken cancellationToken)
    {
        if (idToken.Length > 16 * 1024 || !Handler.CanReadToken(idToken))
        {
            throw Invalid(provider, "id_token unreadable");
        }

        var unverified = Handler.ReadJsonWebToken(idToken);
        var keys = await metadataCache.GetKeysAsync(provider, refresh: false, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(unverified.Kid) && !keys.Any(k => k.KeyId == unverified.Kid))
        {
            // Providers rotate keys ahead of use: an unknown kid means our copy is stale.
            keys = await metadataCache.GetKeysAsync(provider, refresh: true, cancellationToken).ConfigureAwait(false);
        }

        var parameters = new TokenValidationParameters
        {
            ValidAudience = provider.ClientId,
            IssuerSigningKeys = keys,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = Skew,
            LifetimeValidator = (notBefore, expires, _, p) => TokenLifetime.IsWithinLifetime(time, notBefore, expires, p.ClockSkew),
            IssuerValidator = (issuer, token, _) => ValidIssuer(provider, metadata, issuer, token)
                ? issuer
                : throw new SecurityTokenInvalidIssuerException("issuer mismatch"),
        };
        // The token read above is validated as it is: parsed once.
        var result = await Handler.ValidateTokenAsync(unverified, parameters).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            throw Invalid(provider, "id_token rejected: " + result.Exception?.GetType().Name);
        }

        CheckClaims(provider, jwt, nonce);
        return jwt;
    }

    private void CheckClaims(ResolvedProvider provider, JsonWebToken jwt, string? nonce)
    {
        if (string.IsNullOrEmpty(jwt.Subject))
        {
            throw Invalid(provider, "id_token without sub");
        }

        // §3.1.3.7 (11): the nonce proves this token answers our request, not a replayed one.
        if (nonce is null || !jwt.TryGetPayloadValue<string>("nonce", out var tokenNonce) || !Crypto.FixedTimeEquals(tokenNonce, nonce))
        {
            throw Invalid(provider, "id_token nonce mismatch");
        }

        // §3.1.3.7 (4), (5): with several audiences azp must be us; when present it must be us.
        var audiences = jwt.Audiences.ToList();
        var hasAzp = jwt.TryGetPayloadValue<string>("azp", out var azp);
        if ((audiences.Count > 1 && !hasAzp) || (hasAzp && azp != provider.ClientId))
        {
            throw Invalid(provider, "id_token azp mismatch");
        }

        // §3.1.3.7 (10): iat bounds how old a token we accept, whatever its exp.
        var now = time.GetUtcNow().UtcDateTime;
        if (!jwt.TryGetPayloadValue<long>("iat", out _) || jwt.IssuedAt > now + Skew || jwt.IssuedAt < now - MaxAge)
        {
            throw Invalid(provider, "id_token iat out of range");
        }
    }

    /// <summary>§3.1.3.7 (2): the issuer of the discovery document, or what the provider's issuer hook lets it stand for.</summary>
    private bool ValidIssuer(ResolvedProvider provider, OidcMetadata metadata, string issuer, SecurityToken token)
    {
        if (provider.IssuerAliases.Contains(issuer, StringComparer.Ordinal))
        {
            return true;
        }

        if (provider.Quirks.Count == 0 || token is not JsonWebToken jwt)
        {
            return string.Equals(issuer, metadata.Issuer, StringComparison.Ordinal);
        }

        using var claims = System.Text.Json.JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload));
        return quirks.IssuerMatches(provider, metadata.Issuer!, issuer, claims.RootElement);
    }

    private static ProviderException Invalid(ResolvedProvider provider, string message) =>
        new(AuthErrors.InvalidResponse, $"{provider.Id}: {message}");
}

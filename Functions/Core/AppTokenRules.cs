using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Core;

/// <summary>
/// What makes an app access token valid, wherever it is checked: by the sign-in app itself (/me, its own
/// [RequireRole] functions) or by another Function App through the JWKS. ES256 only, <c>typ</c> at+jwt, signed,
/// with an expiry, lifetime on <see cref="TimeProvider"/> with 30 s of skew.
/// </summary>
public static class AppTokenRules
{
    public static TokenValidationParameters Parameters(string issuer, string audience, IEnumerable<SecurityKey> signingKeys, TimeProvider time) => new()
    {
        ValidIssuer = issuer,
        ValidAudience = audience,
        IssuerSigningKeys = signingKeys,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        ValidTypes = ["at+jwt"],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        LifetimeValidator = (notBefore, expires, _, p) => TokenLifetime.IsWithinLifetime(time, notBefore, expires, p.ClockSkew),
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}

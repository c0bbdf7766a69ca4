using AuthFunctions.Core;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Http.Protection;

/// <summary>Validates app JWTs against the sign-in app's JWKS: issuer, audience, lifetime, <c>typ</c> at+jwt, ES256 only.</summary>
internal sealed class JwksTokenValidator(JwksKeys keys, IOptions<ApiAuthOptions> options, TimeProvider time) : IAppTokenValidator
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public async Task<AppTokenClaims?> ValidateAsync(HttpContext context, string token, CancellationToken cancellationToken)
    {
        if (token.Length > 8192)
        {
            return null;
        }

        var result = await ValidateAsync(token, await keys.GetAsync(unknownKey: false).WaitAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Signed by a key we have not fetched yet: the sign-in app may have rotated.
            result = await ValidateAsync(token, await keys.GetAsync(unknownKey: true).WaitAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }

        return result is { IsValid: true, SecurityToken: JsonWebToken { Subject: { Length: > 0 } sub } jwt }
            ? new AppTokenClaims(sub, [.. jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value)])
            : null;
    }

    private Task<TokenValidationResult> ValidateAsync(string token, IList<SecurityKey> signingKeys)
    {
        var o = options.Value;
        return Handler.ValidateTokenAsync(token, AppTokenRules.Parameters(o.Issuer!.TrimEnd('/'), (o.Audience ?? o.Issuer!).TrimEnd('/'), signingKeys, time));
    }
}

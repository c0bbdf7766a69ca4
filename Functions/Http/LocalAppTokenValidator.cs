using AuthFunctions.Core;
using AuthFunctions.Http.Protection;
using AuthFunctions.Secrets;
using AuthFunctions.Sessions;
using Microsoft.Extensions.Options;

namespace AuthFunctions.Http;

/// <summary>
/// The sign-in app's own functions check its tokens with the keys it signs with (the keys its JWKS publishes), and
/// the issuer /me uses: no network call to itself. Another Function App uses the JWKS validator instead.
/// </summary>
internal sealed class LocalAppTokenValidator(AppTokens tokens, IOptions<OAuthOptions> options) : IAppTokenValidator
{
    public async Task<AppTokenClaims?> ValidateAsync(HttpContext context, string token, CancellationToken cancellationToken)
    {
        try
        {
            return await tokens.ValidateAsync(token, RequestReading.BaseUrl(context, options.Value)).ConfigureAwait(false) is { } user
                ? new AppTokenClaims(user.Id, user.Roles)
                : null;
        }
        catch (SecretUnavailableException e)
        {
            throw new AppTokenKeysUnavailableException("The signing key is unavailable.", e);
        }
    }
}

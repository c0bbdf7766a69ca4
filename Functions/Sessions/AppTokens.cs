using AuthFunctions.Core;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Sessions;

/// <summary>Issues and checks the app's own access tokens (JWT, ES256): the only token the SPA ever holds.</summary>
public sealed class AppTokens(SigningKeys keys, IOptions<OAuthOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false, MapInboundClaims = false };

    private TimeSpan Lifetime => options.Value.AccessTokenLifetime;

    /// <summary>Reads the signing key (cached), so a caller can fail closed before it consumes anything.</summary>
    public async Task EnsureSigningKeyAsync(CancellationToken cancellationToken) => await keys.GetAsync(cancellationToken).ConfigureAwait(false);

    public async Task<(string Token, long ExpiresIn)> IssueAsync(NormalizedUser user, string issuer, CancellationToken cancellationToken)
    {
        var signing = await keys.GetAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new Claims(user, issuer, Audience(issuer), now, now + (long)Lifetime.TotalSeconds);
        var token = signing.Writer.Write(claims, static (json, c) =>
        {
            json.WriteString("sub", c.User.Id);
            json.WriteString("provider", c.User.Provider);
            json.WriteString("jti", Crypto.RandomToken(16));
            json.WriteBoolean("email_verified", c.User.EmailVerified);
            json.WriteStartArray("roles");
            foreach (var role in c.User.Roles)
            {
                json.WriteStringValue(role);
            }

            json.WriteEndArray();
            WriteIf(json, "name", c.User.Name);
            WriteIf(json, "email", c.User.Email);
            WriteIf(json, "picture", c.User.AvatarUrl);
            json.WriteString("iss", c.Issuer);
            json.WriteString("aud", c.Audience);
            json.WriteNumber("iat", c.Now);
            json.WriteNumber("nbf", c.Now);
            json.WriteNumber("exp", c.Expires);
        });
        return (token, (long)Lifetime.TotalSeconds);
    }

    private readonly record struct Claims(NormalizedUser User, string Issuer, string Audience, long Now, long Expires);

    private static void WriteIf(System.Text.Json.Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>The user in a valid token, or null.</summary>
    public async Task<NormalizedUser?> ValidateAsync(string token, string issuer)
    {
        if (token.Length > 8192)
        {
            return null;
        }

        var signing = await keys.GetAsync(CancellationToken.None).ConfigureAwait(false);
        var result = await Handler.ValidateTokenAsync(token, AppTokenRules.Parameters(issuer, Audience(issuer), signing.Validation, time)).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        var provider = jwt.TryGetPayloadValue<string>("provider", out var p) ? p : null;
        var sub = jwt.Subject;
        if (provider is null || sub is null || !sub.StartsWith(provider + ":", StringComparison.Ordinal))
        {
            return null;
        }

        return new NormalizedUser
        {
            Provider = provider,
            Subject = sub[(provider.Length + 1)..],
            Name = jwt.TryGetPayloadValue<string>("name", out var n) ? n : null,
            Email = jwt.TryGetPayloadValue<string>("email", out var e) ? e : null,
            EmailVerified = jwt.TryGetPayloadValue<bool>("email_verified", out var v) && v,
            AvatarUrl = jwt.TryGetPayloadValue<string>("picture", out var a) ? a : null,
            Roles = [.. jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value)],
        };
    }

    private string Audience(string issuer) => options.Value.Audience ?? issuer;
}

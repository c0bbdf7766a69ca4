using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Storage;

namespace AuthFunctions.Providers;

/// <summary>A code of the dev provider: who typed what on its sign-in page, bound to the login's PKCE challenge.</summary>
public sealed record DevCode
{
    public required string Name { get; init; }

    public required string Email { get; init; }

    public required string CodeChallenge { get; init; }

    public required string RedirectUri { get; init; }
}

/// <summary>
/// The Development-only provider: the app's own sign-in page (type a name and email) stands in for a real
/// provider, so a newcomer runs the whole flow (state, binding cookie, PKCE, handoff, session) with no account anywhere.
/// Its codes live in the ticket store like every other one-time value.
/// </summary>
public sealed class DevProvider(ITicketStore tickets, TimeProvider time)
{
    /// <summary>Its catalog id, and the only entry that may have the dev protocol.</summary>
    public const string Id = "dev";

    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(1);

    public static string AuthorizePath(string baseUrl) => baseUrl + "/api/auth/dev/authorize";

    public async Task<string> IssueCodeAsync(DevCode devCode, CancellationToken cancellationToken)
    {
        var code = Crypto.RandomToken();
        var payload = JsonSerializer.Serialize(devCode, ProvidersJsonContext.Default.DevCode);
        await tickets.SaveAsync(TicketKind.DevCode, Crypto.Hash(code), payload, time.GetUtcNow() + CodeLifetime, cancellationToken).ConfigureAwait(false);
        return code;
    }

    public async Task<NormalizedUser> RedeemAsync(string code, ProviderRequest login, CancellationToken cancellationToken)
    {
        var taken = await tickets.TakeAsync(TicketKind.DevCode, Crypto.Hash(code), cancellationToken).ConfigureAwait(false);
        var devCode = taken.Outcome == TakeOutcome.Taken ? JsonSerializer.Deserialize(taken.Payload!, ProvidersJsonContext.Default.DevCode) : null;
        if (devCode is null)
        {
            throw new ProviderException(AuthErrors.ProviderError, $"dev token: code {taken.Outcome}");
        }

        // The same checks a real provider makes at its token endpoint (RFC 6749 §4.1.3, RFC 7636 §4.6).
        if (devCode.RedirectUri != login.RedirectUri || login.CodeVerifier is null
            || !Crypto.FixedTimeEquals(Crypto.S256(login.CodeVerifier), devCode.CodeChallenge))
        {
            throw new ProviderException(AuthErrors.ProviderError, "dev token: redirect_uri or PKCE mismatch");
        }

        return new NormalizedUser
        {
            Provider = Id,
            Subject = devCode.Email.ToLowerInvariant(),
            Name = devCode.Name,
            Email = devCode.Email,
            EmailVerified = false,
        };
    }
}

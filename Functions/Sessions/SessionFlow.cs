using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Storage;

namespace AuthFunctions.Sessions;

/// <summary>The app session: handoff code → access + refresh token, refresh rotation, logout.</summary>
public sealed class SessionFlow(ITicketStore tickets, AppTokens appTokens, RefreshTokens refreshTokens, AccessPolicy policy, ILogger<SessionFlow> logger)
{
    /// <summary><c>POST /api/auth/session</c>: redeems a one-time handoff code.</summary>
    public async Task<(SessionResponse? Session, FlowError? Error)> RedeemAsync(SessionRequest request, string issuer, CancellationToken cancellationToken)
    {
        if (!Crypto.IsToken43(request.Code))
        {
            return (null, InvalidGrant("code is missing or malformed."));
        }

        // The signing key before the code is taken: a 503 after it would burn the code, and the user could not retry.
        await appTokens.EnsureSigningKeyAsync(cancellationToken).ConfigureAwait(false);
        var taken = await tickets.TakeAsync(TicketKind.Handoff, Crypto.Hash(request.Code!), cancellationToken).ConfigureAwait(false);
        if (taken.Outcome != TakeOutcome.Taken)
        {
            return (null, InvalidGrant("code is unknown, expired or already used."));
        }

        var handoff = JsonSerializer.Deserialize(taken.Payload!, SessionsJsonContext.Default.Handoff)!;
        if (handoff.SpaCodeChallenge is null
            || !Crypto.IsPkceVerifier(request.CodeVerifier) || !Crypto.FixedTimeEquals(Crypto.S256(request.CodeVerifier!), handoff.SpaCodeChallenge))
        {
            // The code was consumed above: a thief holding a leaked code without the verifier burns it for good.
            return (null, InvalidGrant("code_verifier does not match the code_challenge of the login."));
        }

        var refreshToken = await refreshTokens.IssueAsync(handoff.User, cancellationToken).ConfigureAwait(false);
        return (await SessionAsync(handoff.User, issuer, refreshToken, cancellationToken).ConfigureAwait(false), null);
    }

    /// <summary><c>POST /api/auth/refresh</c>: rotates the refresh token and issues a fresh access token.</summary>
    /// <remarks><c>ReusedBy</c>: the user whose session was just revoked because a spent token came back.</remarks>
    public async Task<(SessionResponse? Session, FlowError? Error, NormalizedUser? ReusedBy)> RefreshAsync(string? refreshToken, string issuer, CancellationToken cancellationToken)
    {
        var rotated = refreshToken is null ? RefreshRotation.None : await refreshTokens.RotateAsync(refreshToken, cancellationToken).ConfigureAwait(false);
        if (rotated is { Token: { } spent, User: { } refused } && !policy.IsAllowed(refused))
        {
            // The allow rules changed since sign-in: this session ends here, as a new sign-in would be refused.
            Log.NoLongerAllowed(logger);
            await refreshTokens.RevokeAsync(spent, cancellationToken).ConfigureAwait(false);
            rotated = RefreshRotation.None;
        }

        return rotated is { Token: { } token, User: { } user }
            ? (await SessionAsync(user, issuer, token, cancellationToken).ConfigureAwait(false), null, null)
            : (null, InvalidGrant("The refresh token is unknown, expired, revoked or already used. Sign in again."), rotated.ReusedBy);
    }

    /// <summary>Roles come from today's rules, never from the stored user: a changed rule shows at the next refresh.</summary>
    private async Task<SessionResponse> SessionAsync(NormalizedUser stored, string issuer, string refreshToken, CancellationToken cancellationToken)
    {
        var user = policy.WithRoles(stored);
        var (token, expiresIn) = await appTokens.IssueAsync(user, issuer, cancellationToken).ConfigureAwait(false);
        return new SessionResponse { AccessToken = token, ExpiresIn = expiresIn, RefreshToken = refreshToken, User = user };
    }

    private static FlowError InvalidGrant(string detail) => new(400, "invalid_grant", detail);
}

using System.Text.Json;
using AuthFunctions.Flow;
using AuthFunctions.Json;
using AuthFunctions.Storage;

namespace AuthFunctions.Sessions;

/// <summary>Redeems a one-time handoff code for the app session (<c>POST /api/auth/session</c>).</summary>
public sealed class SessionFlow(ITicketStore tickets, AppTokens appTokens)
{
    public async Task<(SessionResponse? Session, FlowError? Error)> RedeemAsync(SessionRequest request, string issuer, CancellationToken cancellationToken)
    {
        if (!Crypto.IsToken43(request.Code))
        {
            return (null, InvalidGrant("code is missing or malformed."));
        }

        var taken = await tickets.TakeAsync(TicketKind.Handoff, Crypto.Hash(request.Code!), cancellationToken).ConfigureAwait(false);
        if (taken.Outcome != TakeOutcome.Taken)
        {
            return (null, InvalidGrant("code is unknown, expired or already used."));
        }

        var handoff = JsonSerializer.Deserialize(taken.Payload!, AppJsonContext.Default.Handoff)!;
        if (handoff.SpaCodeChallenge is not null
            && (!Crypto.IsPkceVerifier(request.CodeVerifier) || !Crypto.FixedTimeEquals(Crypto.S256(request.CodeVerifier!), handoff.SpaCodeChallenge)))
        {
            // The code was consumed above: a thief holding a leaked code without the verifier burns it for good.
            return (null, InvalidGrant("code_verifier does not match the code_challenge of the login."));
        }

        var (token, expiresIn) = appTokens.Issue(handoff.User, issuer);
        return (new SessionResponse { AccessToken = token, ExpiresIn = expiresIn, User = handoff.User }, null);
    }

    private static FlowError InvalidGrant(string detail) => new(400, "invalid_grant", detail);
}

using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Providers;
using AuthFunctions.Sessions;
using AuthFunctions.Storage;
using Microsoft.Extensions.Options;

namespace AuthFunctions.SignIn;

/// <summary>
/// Completes a sign-in: consumes the state once, checks it belongs to this browser and provider, checks the
/// RFC 9207 issuer, redeems the code, stores a one-time handoff code and sends the browser back to the SPA
/// with it in the fragment. Before the state is trusted there is no return URL, so refusals are 400s.
/// </summary>
public sealed class CallbackFlow(
    ProviderRegistry providers, ITicketStore tickets, ProviderClient providerClient, RefreshTokens refreshTokens, UserDirectory users, AccessPolicy policy,
    IOptions<OAuthOptions> options, TimeProvider time, ILogger<CallbackFlow> logger)
{
    /// <summary>Either the URL to send the browser to (<c>return_url#code=…</c> or <c>#error=…</c>) or a refusal.</summary>
    public async Task<(CallbackOutcome? Outcome, FlowError? Error)> CompleteAsync(
        string providerId, CallbackRequest request, string? binding, CancellationToken cancellationToken)
    {
        var provider = providers.Find(providerId);
        if (provider is null)
        {
            return (null, new FlowError(404, "unknown_provider", "No enabled provider has this id."));
        }

        if (string.IsNullOrEmpty(request.State) || request.State.Length > 512)
        {
            return (null, InvalidState("The sign-in response has no state."));
        }

        var taken = await tickets.TakeAsync(TicketKind.LoginState, Crypto.Hash(request.State), cancellationToken).ConfigureAwait(false);
        if (taken.Outcome != TakeOutcome.Taken)
        {
            Log.StateRejected(logger, provider.Id, taken.Outcome.ToString());
            return (null, InvalidState("This sign-in link is unknown, expired or already used. Start the sign-in again."));
        }

        var login = JsonSerializer.Deserialize(taken.Payload!, SignInJsonContext.Default.LoginState)!;
        if (login.Provider != provider.Id)
        {
            Log.StateRejected(logger, provider.Id, "other provider");
            return (null, InvalidState("This sign-in response belongs to another provider."));
        }

        if (binding is null || !Crypto.FixedTimeEquals(Crypto.Hash(binding), login.BindingHash))
        {
            Log.StateRejected(logger, provider.Id, "binding cookie");
            return (null, InvalidState("This sign-in was started in another browser. Start the sign-in again here."));
        }

        // From here the return URL is trusted: failures go back to the SPA as #error=<code>.
        try
        {
            await CheckIssuerAsync(provider, request.Iss, cancellationToken).ConfigureAwait(false);
            if (request.Error is not null)
            {
                var code = AuthErrors.FromAuthorizationError(request.Error);
                Log.ProviderDeclined(logger, provider.Id, ProviderHttp.Sanitize(request.Error));
                return (new CallbackOutcome(Fragment(login.ReturnUrl, "error", code), code), null);
            }

            if (string.IsNullOrEmpty(request.Code))
            {
                // WeChat (and others) come back with the state alone when the user refuses: a refusal, not a fault.
                Log.ProviderDeclined(logger, provider.Id, "no code");
                return (new CallbackOutcome(Fragment(login.ReturnUrl, "error", AuthErrors.AccessDenied), AuthErrors.AccessDenied), null);
            }

            if (request.Code.Length > 2048)
            {
                throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id}: callback without code");
            }

            var user = await providerClient.RedeemAsync(provider, request.Code, login.ToProviderRequest(), request.Fields ?? new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
            if (!policy.IsAllowed(user))
            {
                // No session, no handoff: the SPA learns only the fixed code.
                Log.NotAllowed(logger, provider.Id);
                return (new CallbackOutcome(Fragment(login.ReturnUrl, "error", AuthErrors.NotAllowed), AuthErrors.NotAllowed, user.Id), null);
            }

            user = await users.RecordSignInAsync(user, cancellationToken).ConfigureAwait(false);
            if (login.CookieMode)
            {
                var session = await refreshTokens.IssueAsync(user, cancellationToken).ConfigureAwait(false);
                return (new CallbackOutcome(login.ReturnUrl, SignedIn, user.Id, session), null);
            }

            var handoff = Crypto.RandomToken();
            var payload = JsonSerializer.Serialize(new Handoff { User = user, SpaCodeChallenge = login.SpaCodeChallenge }, SessionsJsonContext.Default.Handoff);
            await tickets.SaveAsync(TicketKind.Handoff, Crypto.Hash(handoff), payload, time.GetUtcNow() + options.Value.HandoffLifetime, cancellationToken).ConfigureAwait(false);
            return (new CallbackOutcome(Fragment(login.ReturnUrl, "code", handoff), SignedIn, user.Id), null);
        }
        catch (ProviderException e)
        {
            Log.ProviderFailed(logger, provider.Id, e.Code, e.Message);
            return (new CallbackOutcome(Fragment(login.ReturnUrl, "error", e.Code), e.Code), null);
        }
    }

    /// <summary>RFC 9207 §2.4: reject a response whose iss is not our provider's, or lacks one the provider promised.</summary>
    private async Task CheckIssuerAsync(ResolvedProvider provider, string? iss, CancellationToken cancellationToken)
    {
        var (expected, required) = await providerClient.AuthorizationResponseIssuerAsync(provider, cancellationToken).ConfigureAwait(false);
        if (iss is null)
        {
            if (required)
            {
                throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id}: iss missing from the authorization response");
            }

            return;
        }

        if (expected is null || !providerClient.IssuerMatches(provider, expected, iss))
        {
            throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id}: iss in the authorization response is not the provider's (mix-up?)");
        }
    }

    private const string SignedIn = "signed_in";

    private static FlowError InvalidState(string detail) => new(400, "invalid_state", detail);

    private static string Fragment(string returnUrl, string name, string value) =>
        $"{returnUrl}#{name}={Uri.EscapeDataString(value)}";
}

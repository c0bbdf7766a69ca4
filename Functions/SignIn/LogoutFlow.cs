using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Providers;
using AuthFunctions.Storage;
using Microsoft.Extensions.Options;

namespace AuthFunctions.SignIn;

/// <summary>Where an RP-initiated logout returns to, stored under the hash of its state (one use).</summary>
public sealed record LogoutState(string ReturnUrl);

/// <summary>
/// <c>GET /api/auth/{id}/logout?return_url=</c>: ends the provider's session too when it advertises an
/// <c>end_session_endpoint</c> (OpenID Connect RP-Initiated Logout 1.0). The provider returns to this same
/// route with <c>state</c>, so the one URL to register at the provider is <c>…/api/auth/{id}/logout</c>.
/// </summary>
public sealed class LogoutFlow(
    ProviderRegistry providers, ReturnUrlPolicy returnUrls, ITicketStore tickets, OidcMetadataCache metadata,
    IOptions<OAuthOptions> options, TimeProvider time)
{
    /// <summary>Starts a logout: the URL to send the browser to (the provider's, or straight back to the SPA).</summary>
    public async Task<(string? RedirectUrl, FlowError? Error)> StartAsync(string providerId, string? returnUrl, string baseUrl, CancellationToken cancellationToken)
    {
        var provider = providers.Find(providerId);
        if (provider is null)
        {
            return (null, new FlowError(404, "unknown_provider", "No enabled provider has this id."));
        }

        var target = returnUrl is null ? returnUrls.Default : returnUrls.Check(returnUrl);
        if (target is null)
        {
            return (null, new FlowError(400, "invalid_return_url", "return_url is missing or not in OAuth__AllowedReturnUrls."));
        }

        var endSession = provider.IsOidc ? (await metadata.GetMetadataAsync(provider, cancellationToken).ConfigureAwait(false)).EndSessionEndpoint : null;
        if (endSession is null || !ProviderRegistry.IsEndpointUrl(endSession))
        {
            return (target, null);
        }

        var state = Crypto.RandomToken();
        var payload = JsonSerializer.Serialize(new LogoutState(target), SignInJsonContext.Default.LogoutState);
        await tickets.SaveAsync(TicketKind.LogoutState, Crypto.Hash(state), payload, time.GetUtcNow() + options.Value.StateLifetime, cancellationToken).ConfigureAwait(false);
        return (ProviderClient.AppendQuery(endSession,
        [
            new("client_id", provider.ClientId),
            new("post_logout_redirect_uri", $"{baseUrl}{provider.RoutePath}/logout"),
            new("state", state),
        ]), null);
    }

    /// <summary>The provider came back: where the SPA asked to land.</summary>
    public async Task<(string? RedirectUrl, FlowError? Error)> CompleteAsync(string state, CancellationToken cancellationToken)
    {
        var taken = await tickets.TakeAsync(TicketKind.LogoutState, Crypto.Hash(state), cancellationToken).ConfigureAwait(false);
        return taken.Outcome == TakeOutcome.Taken
            ? (JsonSerializer.Deserialize(taken.Payload!, SignInJsonContext.Default.LogoutState)!.ReturnUrl, null)
            : (null, new FlowError(400, "invalid_state", "This sign-out link is unknown, expired or already used."));
    }
}

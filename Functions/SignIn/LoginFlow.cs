using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Providers;
using AuthFunctions.Storage;
using Microsoft.Extensions.Options;

namespace AuthFunctions.SignIn;

/// <summary>
/// Starts a sign-in: checks the provider and return URL, creates state (256-bit), PKCE verifier and nonce,
/// stores them, and answers with the provider's authorization URL. Nothing is stored for a refused request,
/// and there is never a redirect without stored state.
/// </summary>
public sealed class LoginFlow(
    ProviderRegistry providers, ReturnUrlPolicy returnUrls, ITicketStore tickets, ProviderClient providerClient,
    IOptions<OAuthOptions> options, TimeProvider time)
{
    private static readonly HashSet<string> Prompts = new(StringComparer.Ordinal) { "none", "login", "consent", "select_account" };

    /// <summary>The redirect_uri the app sends, so the one a person must register with the provider.</summary>
    public static string CallbackUrl(string baseUrl, ResolvedProvider provider) => $"{baseUrl}{provider.RoutePath}/callback";

    public async Task<(LoginRedirect? Redirect, FlowError? Error)> StartAsync(
        string providerId, LoginRequest request, string baseUrl, string? existingBinding, CancellationToken cancellationToken)
    {
        var provider = providers.Find(providerId);
        if (provider is null)
        {
            return (null, new FlowError(404, "unknown_provider", "No enabled provider has this id."));
        }

        var returnUrl = request.ReturnUrl is null ? returnUrls.Default : returnUrls.Check(request.ReturnUrl);
        if (returnUrl is null)
        {
            return (null, new FlowError(400, "invalid_return_url", "return_url is missing or not in OAuth__AllowedReturnUrls."));
        }

        if (request.CodeChallenge is not null && (request.CodeChallengeMethod != "S256" || !Crypto.IsToken43(request.CodeChallenge)))
        {
            return (null, new FlowError(400, "invalid_code_challenge", "code_challenge must be an S256 challenge (43 base64url characters) with code_challenge_method=S256."));
        }

        if (request.Mode is not (null or "code" or "cookie"))
        {
            return (null, new FlowError(400, "invalid_mode", "mode must be code (default) or cookie."));
        }

        if (request.Mode != "cookie" && request.CodeChallenge is null)
        {
            // Without it a handoff code redeems anywhere: an attacker's own code, planted in a victim's SPA, would
            // sign the victim in as the attacker (login CSRF; RFC 9700 §4.4 and §2.1.1 against PKCE downgrade).
            return (null, new FlowError(400, "code_challenge_required", "A token-mode login needs the SPA's PKCE code_challenge (S256); client.js sends it."));
        }

        if (request.Prompt is not null && !Prompts.Contains(request.Prompt))
        {
            return (null, new FlowError(400, "invalid_prompt", "prompt must be none, login, consent or select_account."));
        }

        var scopes = provider.Scopes.Concat(providerClient.PolicyScopes(provider)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var extra in (request.Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (extra.Length > 128 || !ProviderCatalog.ScopePattern().IsMatch(extra))
            {
                return (null, new FlowError(400, "invalid_scope", "scope must be space-separated scope tokens."));
            }

            if (!scopes.Contains(extra, StringComparer.Ordinal))
            {
                scopes.Add(extra);
            }
        }

        if (provider.NeedsClientSecret)
        {
            // Fail closed before the user leaves: no point sending them to a provider whose code we cannot redeem.
            await providerClient.ClientSecretAsync(provider, cancellationToken).ConfigureAwait(false);
        }

        var state = Crypto.RandomState();
        var binding = Crypto.IsToken43(existingBinding) ? existingBinding! : Crypto.RandomToken();
        var login = new LoginState
        {
            Provider = provider.Id,
            ReturnUrl = returnUrl,
            RedirectUri = CallbackUrl(baseUrl, provider),
            BindingHash = Crypto.Hash(binding),
            CodeVerifier = provider.UsesPkce ? Crypto.RandomToken() : null,
            Nonce = provider.IsOidc ? Crypto.RandomToken() : null,
            SpaCodeChallenge = request.CodeChallenge,
            CookieMode = request.Mode == "cookie",
        };

        // Build the URL first: discovery may fail, and then nothing is stored.
        var url = await providerClient.AuthorizationUrlAsync(provider, login.ToProviderRequest(), state, request.Prompt, scopes, baseUrl, cancellationToken).ConfigureAwait(false);
        var payload = JsonSerializer.Serialize(login, SignInJsonContext.Default.LoginState);
        await tickets.SaveAsync(TicketKind.LoginState, Crypto.Hash(state), payload, time.GetUtcNow() + options.Value.StateLifetime, cancellationToken).ConfigureAwait(false);
        return (new LoginRedirect(url, binding), null);
    }
}

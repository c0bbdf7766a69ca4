using System.Text;
using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Providers.Quirks;
using AuthFunctions.Secrets;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Providers;

/// <summary>
/// Talks to a provider in the shape its catalog entry gives: builds the authorization request, redeems the code,
/// reads the profile. The named quirks of the entry run at their hook points (<see cref="IProviderQuirk"/>).
/// </summary>
public sealed class ProviderClient(
    IHttpClientFactory httpClientFactory, OidcMetadataCache metadataCache, IdTokenValidator idTokens, ISecretStore secrets, Es256ClientSecret es256Secrets,
    DevProvider dev, QuirkSet quirkSet, GitHubOrganizations organizations)
{
    /// <summary>Scopes the sign-in policy needs from this provider on top of its own (GitHub's read:org for org rules).</summary>
    public IReadOnlyList<string> PolicyScopes(ResolvedProvider provider) =>
        provider.Has(QuirkNames.GitHubOrganizations) && organizations.Needed ? [GitHubOrganizations.Scope] : [];

    /// <summary>The provider's authorization URL for this login (RFC 6749 §4.1.1, RFC 7636, OIDC Core §3.1.2.1).</summary>
    public async Task<string> AuthorizationUrlAsync(ResolvedProvider provider, ProviderRequest login, string state, string? prompt, IReadOnlyList<string> scopes, string baseUrl, CancellationToken cancellationToken)
    {
        var endpoint = provider.IsDev ? DevProvider.AuthorizePath(baseUrl)
            : provider.IsOidc ? (await metadataCache.GetMetadataAsync(provider, cancellationToken).ConfigureAwait(false)).AuthorizationEndpoint!
            : provider.AuthorizationEndpoint!;

        var shape = provider.Authorize;
        var query = new List<KeyValuePair<string, string>>();
        Add("response_type", "code");
        Add("client_id", provider.ClientId);
        Add("redirect_uri", login.RedirectUri);
        if (scopes.Count > 0)
        {
            // Some providers take no scope at all (Notion, Feishu's basic identity): then the parameter is left out.
            Add("scope", string.Join(provider.ScopeSeparator, scopes));
        }

        Add("state", state);
        if (login.CodeVerifier is not null)
        {
            Add("code_challenge", Crypto.S256(login.CodeVerifier));
            Add("code_challenge_method", "S256");
        }

        if (login.Nonce is not null)
        {
            Add("nonce", login.Nonce);
        }

        if (shape.ResponseMode is not null)
        {
            Add("response_mode", shape.ResponseMode);
        }

        if (prompt is not null)
        {
            Add("prompt", prompt);
        }

        foreach (var (name, value) in shape.Extra.Where(e => !query.Any(q => q.Key == e.Key)))
        {
            query.Add(new(name, ProviderTemplates.Fill(value, provider, null, null)));
        }

        foreach (var quirk in quirkSet.For(provider))
        {
            quirk.Authorize(provider, query);
        }

        var url = AppendQuery(endpoint, query);
        return shape.Fragment is null ? url : url + "#" + shape.Fragment;

        void Add(string standard, string value) => ParameterNames.Add(query, shape.Parameters, standard, value);
    }

    /// <summary>The issuer an RFC 9207 <c>iss</c> parameter must carry, or null when the provider has none.</summary>
    public async Task<(string? Issuer, bool Required)> AuthorizationResponseIssuerAsync(ResolvedProvider provider, CancellationToken cancellationToken)
    {
        if (!provider.IsOidc)
        {
            return (null, false);
        }

        var metadata = await metadataCache.GetMetadataAsync(provider, cancellationToken).ConfigureAwait(false);
        return (metadata.Issuer, metadata.AuthorizationResponseIssParameterSupported);
    }

    /// <summary>Whether an authorization response's <c>iss</c> (RFC 9207) is <paramref name="expected"/>.</summary>
    public bool IssuerMatches(ResolvedProvider provider, string expected, string actual) => quirkSet.IssuerMatches(provider, expected, actual);

    /// <summary>
    /// The client secret to send to the token endpoint: the stored one, or for <c>es256_client_secret</c> a JWT minted
    /// from the stored key. Throws <see cref="SecretUnavailableException"/> rather than return nothing; login calls it
    /// first so a missing or broken secret fails before the user leaves for the provider.
    /// </summary>
    public ValueTask<string> ClientSecretAsync(ResolvedProvider provider, CancellationToken cancellationToken) =>
        provider.TokenEndpointAuthMethod == ClientAuthMethods.Es256ClientSecret
            ? es256Secrets.GetAsync(provider, cancellationToken)
            : secrets.GetClientSecretAsync(provider.Id, cancellationToken);

    /// <summary>
    /// Redeems the authorization code and returns the user; throws <see cref="ProviderException"/> or <see cref="SecretUnavailableException"/>.
    /// <paramref name="callback"/> holds the callback fields the catalog entry asks for (<c>authorize.callbackFields</c>).
    /// </summary>
    public async Task<NormalizedUser> RedeemAsync(
        ResolvedProvider provider, string code, ProviderRequest login, IReadOnlyDictionary<string, string> callback, CancellationToken cancellationToken)
    {
        if (provider.IsDev)
        {
            return await dev.RedeemAsync(code, login, cancellationToken).ConfigureAwait(false);
        }

        var quirks = quirkSet.For(provider);
        var metadata = provider.IsOidc ? await metadataCache.GetMetadataAsync(provider, cancellationToken).ConfigureAwait(false) : null;
        using var answer = await RedeemCodeAsync(provider, metadata, code, login, callback, quirks, cancellationToken).ConfigureAwait(false);
        var tokens = TokenExchange.Read(provider, answer);
        var call = new QuirkCall(provider, tokens.AccessToken, Client());

        // token: paths and {token.x} templates read the answer from its top (the token object may be wrapped, as Douyin's data).
        var tokenSources = new List<JsonElement> { answer.RootElement };
        var owned = new List<IDisposable>();
        try
        {
            foreach (var quirk in quirks)
            {
                if (await quirk.TokenResponseAsync(call, tokens.Root, cancellationToken).ConfigureAwait(false) is { } more)
                {
                    owned.Add(more);
                    tokenSources.Add(more.RootElement);
                }
            }

            JsonElement? claims = null;
            string? idTokenSubject = null;
            if (metadata is not null)
            {
                if (string.IsNullOrEmpty(tokens.IdToken))
                {
                    throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id}: token response without id_token");
                }

                var idToken = await idTokens.ValidateAsync(provider, metadata, tokens.IdToken, login.Nonce, cancellationToken).ConfigureAwait(false);
                var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(idToken.EncodedPayload));
                owned.Add(payload);
                claims = payload.RootElement;
                idTokenSubject = idToken.Subject;
            }

            var sources = new ProfileSources { Token = tokenSources, IdToken = claims, Callback = callback };
            var userInfoEndpoint = metadata is null ? provider.UserInfoEndpoint : metadata.UserInfoEndpoint ?? provider.UserInfoEndpoint;
            if (userInfoEndpoint is not null)
            {
                using var request = UserInfoCall.Build(provider, userInfoEndpoint, tokens.AccessToken, sources, quirks);
                var profileAnswer = await ProviderHttp.SendForJsonAsync(Client(), request, $"{provider.Id} userinfo", cancellationToken, provider.UserInfo.Format).ConfigureAwait(false);
                owned.Add(profileAnswer);
                var profile = UserInfoCall.Read(provider, profileAnswer);
                if (idTokenSubject is not null && ProviderJson.TextAt(profile, "sub") != idTokenSubject)
                {
                    // OIDC Core §5.3.2: a userinfo answer about someone else must not be used.
                    throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id}: userinfo sub differs from id_token sub");
                }

                sources = new ProfileSources { Profile = profile, Token = tokenSources, IdToken = claims, Callback = callback };
            }

            var user = ProfileMapper.Map(provider.Id, provider.Profile, sources);
            if (user is null || (idTokenSubject is not null && user.Subject != idTokenSubject))
            {
                throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id}: subject not found");
            }

            if (user.Email is null && provider.Emails is { } lookup)
            {
                using var request = UserInfoCall.BuildGet(provider, lookup.Url, tokens.AccessToken);
                using var emails = await ProviderHttp.SendForJsonAsync(Client(), request, $"{provider.Id} emails", cancellationToken).ConfigureAwait(false);
                if (UserInfoCall.ReadEmails(lookup, emails.RootElement) is var (email, verified))
                {
                    user = user with { Email = email, EmailVerified = verified && provider.Profile.EmailTrust != EmailTrusts.Unverified };
                }
            }

            foreach (var quirk in quirks)
            {
                user = await quirk.ProfileAsync(call, user, sources, cancellationToken).ConfigureAwait(false);
            }

            return user;
        }
        finally
        {
            owned.ForEach(d => d.Dispose());
        }
    }

    /// <summary>
    /// The token request, sent once more with a fresh secret when the provider answers invalid_client: the secret was
    /// rotated since we cached it. The code is still good then: providers spend it only on a successful redemption.
    /// </summary>
    private async Task<JsonDocument> RedeemCodeAsync(
        ResolvedProvider provider, OidcMetadata? metadata, string code, ProviderRequest login, IReadOnlyDictionary<string, string> callback,
        IReadOnlyList<IProviderQuirk> quirks, CancellationToken cancellationToken)
    {
        var endpoint = metadata?.TokenEndpoint ?? provider.TokenEndpoint!;
        var effective = WithDiscoveredAuthMethod(provider, metadata);
        var secret = effective.NeedsClientSecret ? await ClientSecretAsync(provider, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            return await RequestTokensAsync(effective, endpoint, code, login, callback, secret, quirks, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException e) when (secret is not null && IsInvalidClient(e))
        {
            var fresh = provider.TokenEndpointAuthMethod == ClientAuthMethods.Es256ClientSecret
                ? await es256Secrets.RefreshAsync(provider, secret, cancellationToken).ConfigureAwait(false)
                : await secrets.RefreshClientSecretAsync(provider.Id, secret, cancellationToken).ConfigureAwait(false);
            if (fresh is null)
            {
                throw;
            }

            return await RequestTokensAsync(effective, endpoint, code, login, callback, fresh, quirks, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A custom OIDC provider authenticates as its discovery document advertises (OIDC Discovery §3:
    /// <c>client_secret_basic</c> when it says nothing), unless a setting chose.
    /// </summary>
    private static ResolvedProvider WithDiscoveredAuthMethod(ResolvedProvider provider, OidcMetadata? metadata)
    {
        if (!provider.AuthMethodFromDiscovery || metadata?.TokenEndpointAuthMethodsSupported is not { Count: > 0 } supported
            || supported.Contains(ClientAuthMethods.Basic, StringComparer.Ordinal))
        {
            return provider;
        }

        return supported.Contains(ClientAuthMethods.Post, StringComparer.Ordinal) ? provider with { TokenEndpointAuthMethod = ClientAuthMethods.Post } : provider;
    }

    /// <summary>RFC 6749 §5.2 invalid_client, or GitHub's incorrect_client_credentials in a 200.</summary>
    private static bool IsInvalidClient(ProviderException e) => e.ProviderError is "invalid_client" or "incorrect_client_credentials";

    private async Task<JsonDocument> RequestTokensAsync(
        ResolvedProvider provider, string endpoint, string code, ProviderRequest login, IReadOnlyDictionary<string, string> callback, string? secret,
        IReadOnlyList<IProviderQuirk> quirks, CancellationToken cancellationToken)
    {
        using var request = TokenExchange.Build(provider, endpoint, code, login, callback, secret, quirks);
        var answer = await ProviderHttp.SendForJsonAsync(Client(), request, $"{provider.Id} token", cancellationToken, provider.Token.Format).ConfigureAwait(false);
        try
        {
            // Errors inside a 200 are checked here so that invalid_client there is retried with a fresh secret too.
            ErrorRules.Check(provider.Token.Errors, answer.RootElement, $"{provider.Id} token");
            return answer;
        }
        catch
        {
            answer.Dispose();
            throw;
        }
    }

    private HttpClient Client() => httpClientFactory.CreateClient(ProviderHttp.ClientName);

    internal static string AppendQuery(string endpoint, IEnumerable<KeyValuePair<string, string>> query)
    {
        var sb = new StringBuilder(endpoint);
        var separator = endpoint.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (k, v) in query)
        {
            sb.Append(separator).Append(Uri.EscapeDataString(k)).Append('=').Append(Uri.EscapeDataString(v));
            separator = '&';
        }

        return sb.ToString();
    }
}

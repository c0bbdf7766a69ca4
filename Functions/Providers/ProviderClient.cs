using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Secrets;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Providers;

/// <summary>Talks to a provider: builds the authorization request, redeems the code, reads the profile.</summary>
public sealed class ProviderClient(
    IHttpClientFactory httpClientFactory, OidcMetadataCache metadataCache, IdTokenValidator idTokens, ISecretStore secrets, Es256ClientSecret es256Secrets,
    DevProvider dev, AccessPolicy policy)
{
    /// <summary>Scopes the sign-in policy needs from this provider on top of its own (GitHub's read:org for org rules).</summary>
    public IReadOnlyList<string> PolicyScopes(ResolvedProvider provider) =>
        provider.Has(Quirks.GitHubOrganizations) && policy.NeedsGitHubOrganizations ? ["read:org"] : [];

    /// <summary>The provider's authorization URL for this login (RFC 6749 §4.1.1, RFC 7636, OIDC Core §3.1.2.1).</summary>
    public async Task<string> AuthorizationUrlAsync(ResolvedProvider provider, ProviderRequest login, string state, string? prompt, IReadOnlyList<string> scopes, string baseUrl, CancellationToken cancellationToken)
    {
        var endpoint = provider.IsDev ? DevProvider.AuthorizePath(baseUrl)
            : provider.IsOidc ? (await metadataCache.GetMetadataAsync(provider, cancellationToken).ConfigureAwait(false)).AuthorizationEndpoint!
            : provider.AuthorizationEndpoint!;

        var query = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"),
            new("client_id", provider.ClientId),
            new("redirect_uri", login.RedirectUri),
            new("scope", string.Join(' ', scopes)),
            new("state", state),
        };
        if (login.CodeVerifier is not null)
        {
            query.Add(new("code_challenge", Crypto.S256(login.CodeVerifier)));
            query.Add(new("code_challenge_method", "S256"));
        }

        if (login.Nonce is not null)
        {
            query.Add(new("nonce", login.Nonce));
        }

        if (prompt is not null)
        {
            query.Add(new("prompt", prompt));
        }

        if (provider.ResponseMode is not null)
        {
            query.Add(new("response_mode", provider.ResponseMode));
        }

        return AppendQuery(endpoint, query);
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

    /// <summary>
    /// The client secret to send to the token endpoint: the stored one, or for <c>es256_client_secret</c> a JWT minted
    /// from the stored key. Throws <see cref="SecretUnavailableException"/> rather than return nothing; login calls it
    /// first so a missing or broken secret fails before the user leaves for the provider.
    /// </summary>
    public ValueTask<string> ClientSecretAsync(ResolvedProvider provider, CancellationToken cancellationToken) =>
        provider.TokenEndpointAuthMethod == Es256ClientSecret.AuthMethod
            ? es256Secrets.GetAsync(provider, cancellationToken)
            : secrets.GetClientSecretAsync(provider.Id, cancellationToken);

    /// <summary>
    /// Redeems the authorization code and returns the user; throws <see cref="ProviderException"/> or <see cref="SecretUnavailableException"/>.
    /// <paramref name="postedUser"/> is the callback's raw <c>user</c> form field, read only by the apple-user-field quirk.
    /// </summary>
    public async Task<NormalizedUser> RedeemAsync(ResolvedProvider provider, string code, ProviderRequest login, string? postedUser, CancellationToken cancellationToken)
    {
        if (provider.IsDev)
        {
            return await dev.RedeemAsync(code, login, cancellationToken).ConfigureAwait(false);
        }

        var metadata = provider.IsOidc ? await metadataCache.GetMetadataAsync(provider, cancellationToken).ConfigureAwait(false) : null;
        var tokens = await RedeemCodeAsync(provider, metadata?.TokenEndpoint ?? provider.TokenEndpoint!, code, login, cancellationToken).ConfigureAwait(false);

        if (metadata is not null)
        {
            if (string.IsNullOrEmpty(tokens.IdToken))
            {
                throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id}: token response without id_token");
            }

            var idToken = await idTokens.ValidateAsync(provider, metadata, tokens.IdToken, login.Nonce, cancellationToken).ConfigureAwait(false);
            using var claims = JsonDocument.Parse(Base64UrlEncoder.Decode(idToken.EncodedPayload));
            var userInfoEndpoint = metadata.UserInfoEndpoint ?? provider.UserInfoEndpoint;
            using var userInfo = userInfoEndpoint is null ? null
                : await GetUserInfoAsync(provider, userInfoEndpoint, tokens.AccessToken!, cancellationToken).ConfigureAwait(false);
            if (userInfo is not null && ProfileMapper.First(["sub"], [userInfo.RootElement]) != idToken.Subject)
            {
                // OIDC Core §5.3.2: a userinfo answer about someone else must not be used.
                throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id}: userinfo sub differs from id_token sub");
            }

            var sources = userInfo is null ? new[] { claims.RootElement } : [userInfo.RootElement, claims.RootElement];
            var user = ProfileMapper.Map(provider.Id, provider.Profile, sources);
            if (user is not null && provider.Has(Quirks.MicrosoftTenantIssuer))
            {
                // Quirk microsoft-tenant-issuer: the validated id_token's tid names the account's tenant (entra-tenant: rules).
                user = user with { Tenant = ProfileMapper.First(["tid"], [claims.RootElement]) };
            }

            if (user is { Name: null } && provider.Has(Quirks.AppleUserField))
            {
                // Quirk apple-user-field: the name is only ever in the posted user field, and only on the first sign-in.
                user = user with { Name = AppleUserField.Name(postedUser) };
            }

            return user is not null && user.Subject == idToken.Subject
                ? user
                : throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id}: subject not found");
        }

        using var profile = await GetUserInfoAsync(provider, provider.UserInfoEndpoint!, tokens.AccessToken!, cancellationToken).ConfigureAwait(false);
        var mapped = ProfileMapper.Map(provider.Id, provider.Profile, profile.RootElement)
            ?? throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id}: profile without a subject");
        if (PolicyScopes(provider).Count > 0)
        {
            mapped = mapped with { Organizations = await GitHubOrganizationsAsync(provider, tokens.AccessToken!, cancellationToken).ConfigureAwait(false) };
        }

        if (mapped.Email is null && provider.Has(Quirks.GitHubPrimaryEmail))
        {
            return await WithGitHubPrimaryEmailAsync(provider, mapped, tokens.AccessToken!, cancellationToken).ConfigureAwait(false);
        }

        // Quirk github-primary-email: GitHub lets only verified addresses be public, so a profile email is verified.
        return provider.Has(Quirks.GitHubPrimaryEmail) ? mapped with { EmailVerified = true } : mapped;
    }

    /// <summary>Quirk github-organizations: the logins of the user's organizations from /user/orgs, page by page.</summary>
    private async Task<IReadOnlyList<string>> GitHubOrganizationsAsync(ResolvedProvider provider, string accessToken, CancellationToken cancellationToken)
    {
        const int PerPage = 100, MaxPages = 10;
        var logins = new List<string>();
        for (var page = 1; page <= MaxPages; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{provider.UserInfoEndpoint!.TrimEnd('/')}/orgs?per_page={PerPage}&page={page}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            AddApiHeaders(provider, request);
            using var doc = await ProviderHttp.SendForJsonAsync(Client(), request, $"{provider.Id} orgs", cancellationToken).ConfigureAwait(false);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id} orgs: not an array");
            }

            logins.AddRange(from o in doc.RootElement.EnumerateArray()
                            where o.ValueKind == JsonValueKind.Object && o.TryGetProperty("login", out var l) && l.ValueKind == JsonValueKind.String
                            select o.GetProperty("login").GetString()!);
            if (doc.RootElement.GetArrayLength() < PerPage)
            {
                break;
            }
        }

        return logins;
    }

    /// <summary>
    /// The token request, sent once more with a fresh secret when the provider answers invalid_client: the secret was
    /// rotated since we cached it. The code is still good then: providers spend it only on a successful redemption.
    /// </summary>
    private async Task<TokenResponse> RedeemCodeAsync(ResolvedProvider provider, string endpoint, string code, ProviderRequest login, CancellationToken cancellationToken)
    {
        var secret = provider.NeedsClientSecret ? await ClientSecretAsync(provider, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            return await RequestTokensAsync(provider, endpoint, code, login, secret, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException e) when (secret is not null && IsInvalidClient(e))
        {
            var fresh = provider.TokenEndpointAuthMethod == Es256ClientSecret.AuthMethod
                ? await es256Secrets.RefreshAsync(provider, secret, cancellationToken).ConfigureAwait(false)
                : await secrets.RefreshClientSecretAsync(provider.Id, secret, cancellationToken).ConfigureAwait(false);
            if (fresh is null)
            {
                throw;
            }

            return await RequestTokensAsync(provider, endpoint, code, login, fresh, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>RFC 6749 §5.2 invalid_client, or GitHub's incorrect_client_credentials in a 200 (quirk github-token-error-in-200).</summary>
    private static bool IsInvalidClient(ProviderException e) => e.ProviderError is "invalid_client" or "incorrect_client_credentials";

    private async Task<TokenResponse> RequestTokensAsync(ResolvedProvider provider, string endpoint, string code, ProviderRequest login, string? secret, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", code),
            new("redirect_uri", login.RedirectUri),
        };
        if (login.CodeVerifier is not null)
        {
            form.Add(new("code_verifier", login.CodeVerifier));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        if (provider.TokenEndpointAuthMethod == "client_secret_basic")
        {
            // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined.
            var basic = Uri.EscapeDataString(provider.ClientId) + ":" + Uri.EscapeDataString(secret!);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }
        else
        {
            form.Add(new("client_id", provider.ClientId));
            if (secret is not null)
            {
                form.Add(new("client_secret", secret));
            }
        }

        request.Content = new FormUrlEncodedContent(form);
        // GitHub answers form-encoded unless asked for JSON; everyone else answers JSON anyway.
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var doc = await ProviderHttp.SendForJsonAsync(Client(), request, $"{provider.Id} token", cancellationToken).ConfigureAwait(false);
        var tokens = doc.RootElement.Deserialize(ProvidersJsonContext.Default.TokenResponse);
        if (tokens?.Error is not null && provider.Has(Quirks.GitHubTokenErrorIn200))
        {
            throw new ProviderException(AuthErrors.ProviderError, $"{provider.Id} token: error={ProviderHttp.Sanitize(tokens.Error)}", providerError: ProviderHttp.Sanitize(tokens.Error));
        }

        if (string.IsNullOrEmpty(tokens?.AccessToken) || !string.Equals(tokens.TokenType, "bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id} token: no bearer access_token");
        }

        return tokens;
    }

    private async Task<JsonDocument> GetUserInfoAsync(ResolvedProvider provider, string endpoint, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        AddApiHeaders(provider, request);
        var doc = await ProviderHttp.SendForJsonAsync(Client(), request, $"{provider.Id} userinfo", cancellationToken).ConfigureAwait(false);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw new ProviderException(AuthErrors.InvalidResponse, $"{provider.Id} userinfo: not an object");
        }

        return doc;
    }

    /// <summary>Quirk github-primary-email: the primary, verified address from /user/emails.</summary>
    private async Task<NormalizedUser> WithGitHubPrimaryEmailAsync(ResolvedProvider provider, NormalizedUser user, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, provider.UserInfoEndpoint!.TrimEnd('/') + "/emails");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        AddApiHeaders(provider, request);
        using var doc = await ProviderHttp.SendForJsonAsync(Client(), request, $"{provider.Id} emails", cancellationToken).ConfigureAwait(false);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            return user;
        }

        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.Object
                && e.TryGetProperty("primary", out var primary) && primary.ValueKind == JsonValueKind.True
                && e.TryGetProperty("verified", out var verified) && verified.ValueKind == JsonValueKind.True
                && e.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String)
            {
                return user with { Email = email.GetString(), EmailVerified = true };
            }
        }

        return user;
    }

    private static void AddApiHeaders(ResolvedProvider provider, HttpRequestMessage request)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(
            provider.Has(Quirks.GitHubApiHeaders) ? "application/vnd.github+json" : "application/json"));
        if (provider.Has(Quirks.GitHubApiHeaders))
        {
            // Quirk github-api-headers: pin the REST API version GitHub documents.
            request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
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

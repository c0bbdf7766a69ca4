using AuthFunctions.Core;

namespace AuthFunctions.Providers;

/// <summary>The enabled providers, resolved once from the catalog and the <c>OAuth__Providers__*</c> settings.</summary>
public sealed class ProviderRegistry
{
    private readonly Dictionary<string, ResolvedProvider> _byId;

    private ProviderRegistry(List<ResolvedProvider> providers)
    {
        Enabled = providers;
        _byId = providers.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>Enabled providers in catalog order, then custom ones by id.</summary>
    public IReadOnlyList<ResolvedProvider> Enabled { get; }

    public ResolvedProvider? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Resolves the providers, or returns the setting-naming errors that must stop start-up.</summary>
    public static (ProviderRegistry? Registry, IReadOnlyList<string> Errors) Resolve(
        ProviderCatalog catalog, OAuthOptions options, bool isDevelopment)
    {
        var errors = new List<string>();
        var resolved = new List<ResolvedProvider>();
        var settings = options.Providers.ToDictionary(kv => kv.Key.ToLowerInvariant(), kv => kv.Value, StringComparer.Ordinal);

        foreach (var d in catalog.Providers)
        {
            settings.TryGetValue(d.Id, out var s);
            if (d.Protocol == Protocols.Dev)
            {
                // The dev provider signs anyone in with any name: never outside Development.
                if (isDevelopment && s?.Enabled != false)
                {
                    resolved.Add(FromCatalog(d, s, clientId: "dev", errors));
                }
                else if (!isDevelopment && s?.Enabled == true)
                {
                    errors.Add($"OAuth__Providers__{d.Id}__Enabled: the dev provider can only be enabled in the Development environment");
                }

                continue;
            }

            if (s is null || s.Enabled == false || string.IsNullOrWhiteSpace(s.ClientId))
            {
                continue;
            }

            resolved.Add(FromCatalog(d, s, s.ClientId.Trim(), errors));
        }

        foreach (var (id, s) in settings.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (catalog.Find(id) is not null || s.Enabled == false)
            {
                continue;
            }

            var custom = FromSettings(id, s, errors);
            if (custom is not null)
            {
                resolved.Add(custom);
            }
        }

        if (resolved.Count == 0 && errors.Count == 0 && !isDevelopment)
        {
            // An app nobody can sign in to is a deployment mistake; say so at start-up, not at the first login.
            errors.Add("OAuth__Providers: no provider is enabled: set a client id, e.g. OAuth__Providers__github__ClientId");
        }

        return errors.Count > 0 ? (null, errors) : (new ProviderRegistry(resolved), errors);
    }

    private static ResolvedProvider FromCatalog(ProviderDescriptor d, ProviderSettings? s, string clientId, List<string> errors)
    {
        var prefix = $"OAuth__Providers__{d.Id}__";
        var tenant = s?.Tenant ?? d.DefaultTenant;
        if (tenant is not null && !IsTenant(tenant))
        {
            errors.Add($"{prefix}Tenant: must be common, organizations, consumers, a tenant id or a domain name");
        }

        var issuer = s?.Issuer ?? d.Issuer?.Replace("{tenant}", tenant, StringComparison.Ordinal);
        var provider = new ResolvedProvider
        {
            Id = d.Id,
            DisplayName = string.IsNullOrWhiteSpace(s?.DisplayName) ? d.DisplayName : s.DisplayName,
            Protocol = d.Protocol,
            ClientId = clientId,
            Issuer = issuer,
            Tenant = tenant,
            AuthorizationEndpoint = s?.AuthorizationEndpoint ?? d.AuthorizationEndpoint,
            TokenEndpoint = s?.TokenEndpoint ?? d.TokenEndpoint,
            UserInfoEndpoint = s?.UserInfoEndpoint ?? d.UserInfoEndpoint,
            Scopes = ParseScopes(s?.Scopes, prefix, errors) ?? d.Scopes,
            Pkce = d.Pkce,
            TokenEndpointAuthMethod = d.TokenEndpointAuthMethod,
            ResponseMode = d.ResponseMode,
            TeamId = s?.TeamId?.Trim(),
            KeyId = s?.KeyId?.Trim(),
            Profile = d.Profile,
            Quirks = new HashSet<string>(d.Quirks, StringComparer.Ordinal),
        };
        CheckUrls(provider, prefix, errors);
        if (d.TokenEndpointAuthMethod == Es256ClientSecret.AuthMethod)
        {
            // The client secret is a JWT minted from these two: without them no code could be redeemed.
            CheckIdentifier(provider.TeamId, "TeamId", "developer team id");
            CheckIdentifier(provider.KeyId, "KeyId", "id of the private key that signs the client secret");
        }

        return provider;

        void CheckIdentifier(string? value, string name, string what)
        {
            if (string.IsNullOrEmpty(value) || value.Length > 64 || !value.All(char.IsAsciiLetterOrDigit))
            {
                errors.Add($"{prefix}{name}: required for {d.Id}: the {what}, letters and digits (e.g. ABC123DEFG)");
            }
        }
    }

    private static ResolvedProvider? FromSettings(string id, ProviderSettings s, List<string> errors)
    {
        var prefix = $"OAuth__Providers__{id}__";
        if (!ProviderCatalog.IdPattern().IsMatch(id))
        {
            errors.Add($"OAuth__Providers__{id}: a provider id must be lower-case letters, digits and '-', starting with a letter (at most 32)");
            return null;
        }

        if (string.IsNullOrWhiteSpace(s.ClientId))
        {
            errors.Add($"{prefix}ClientId: a custom provider needs a client id");
            return null;
        }

        var isOidc = !string.IsNullOrWhiteSpace(s.Issuer);
        if (!isOidc && (string.IsNullOrWhiteSpace(s.AuthorizationEndpoint) || string.IsNullOrWhiteSpace(s.TokenEndpoint)
            || string.IsNullOrWhiteSpace(s.UserInfoEndpoint)))
        {
            errors.Add($"{prefix}Issuer: a custom provider needs an Issuer (OpenID Connect) or AuthorizationEndpoint, TokenEndpoint and UserInfoEndpoint (OAuth 2.0)");
            return null;
        }

        var provider = new ResolvedProvider
        {
            Id = id,
            DisplayName = string.IsNullOrWhiteSpace(s.DisplayName) ? id : s.DisplayName,
            Protocol = isOidc ? Protocols.Oidc : Protocols.OAuth2,
            ClientId = s.ClientId.Trim(),
            Issuer = isOidc ? s.Issuer : null,
            AuthorizationEndpoint = s.AuthorizationEndpoint,
            TokenEndpoint = s.TokenEndpoint,
            UserInfoEndpoint = s.UserInfoEndpoint,
            Scopes = ParseScopes(s.Scopes, prefix, errors) ?? (isOidc ? ["openid", "email", "profile"] : []),
            Pkce = true,
            TokenEndpointAuthMethod = "client_secret_post",
            Profile = ProfileMap.Default,
            IsCustom = true,
        };
        CheckUrls(provider, prefix, errors);
        return provider;
    }

    private static void CheckUrls(ResolvedProvider p, string prefix, List<string> errors)
    {
        Check(p.Issuer, "Issuer");
        Check(p.AuthorizationEndpoint, "AuthorizationEndpoint");
        Check(p.TokenEndpoint, "TokenEndpoint");
        Check(p.UserInfoEndpoint, "UserInfoEndpoint");

        void Check(string? url, string name)
        {
            if (url is not null && !IsEndpointUrl(url))
            {
                errors.Add($"{prefix}{name}: must be an absolute https URL (http only on loopback), without user info or fragment");
            }
        }
    }

    /// <summary>https everywhere; plain http only for loopback hosts (local providers and tests).</summary>
    internal static bool IsEndpointUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u)
        && (u.Scheme == Uri.UriSchemeHttps || (u.Scheme == Uri.UriSchemeHttp && u.IsLoopback))
        && string.IsNullOrEmpty(u.UserInfo) && string.IsNullOrEmpty(u.Fragment);

    private static string[]? ParseScopes(string? scopes, string prefix, List<string> errors)
    {
        if (scopes is null)
        {
            return null;
        }

        var list = scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0 || list.Any(s => !ProviderCatalog.ScopePattern().IsMatch(s)))
        {
            errors.Add($"{prefix}Scopes: space-separated scope tokens expected");
            return null;
        }

        return list;
    }

    private static bool IsTenant(string tenant) =>
        tenant.Length is > 0 and <= 64 && tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');
}

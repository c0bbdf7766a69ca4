using System.Text.RegularExpressions;
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

    /// <summary>
    /// Resolves the providers, or returns the setting-naming errors that must stop start-up. Only the catalog entries
    /// of enabled providers are read (a broken one throws, naming the entry).
    /// </summary>
    public static (ProviderRegistry? Registry, IReadOnlyList<string> Errors) Resolve(
        ProviderCatalog catalog, OAuthOptions options, bool isDevelopment)
    {
        var errors = new List<string>();
        var resolved = new List<ResolvedProvider>();

        // Loops over the keys, not LINQ over the pairs: LINQ generic over a struct (KeyValuePair) is compiled at run
        // time, and this runs at start-up.
        var settings = new Dictionary<string, ProviderSettings>(StringComparer.Ordinal);
        foreach (var id in options.Providers.Keys)
        {
            settings.Add(id.ToLowerInvariant(), options.Providers[id]);
        }

        foreach (var id in catalog.Ids)
        {
            settings.TryGetValue(id, out var s);
            if (id == DevProvider.Id)
            {
                // The dev provider signs anyone in with any name: never outside Development.
                if (isDevelopment && s?.Enabled != false)
                {
                    resolved.Add(FromCatalog(catalog.Find(id)!, s, clientId: "dev", errors));
                }
                else if (!isDevelopment && s?.Enabled == true)
                {
                    errors.Add($"OAuth__Providers__{id}__Enabled: the dev provider can only be enabled in the Development environment");
                }

                continue;
            }

            if (s is null || s.Enabled == false || string.IsNullOrWhiteSpace(s.ClientId))
            {
                continue;
            }

            resolved.Add(FromCatalog(catalog.Find(id)!, s, s.ClientId.Trim(), errors));
        }

        foreach (var id in settings.Keys.Order(StringComparer.Ordinal))
        {
            var s = settings[id];
            if (catalog.Contains(id) || s.Enabled == false)
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
        var values = TemplateValues(d, s, prefix, errors);
        string? Fill(string? url) => url is null ? null
            : ProviderCatalog.PlaceholderPattern().Replace(url, m => values.GetValueOrDefault(m.Groups[1].Value) ?? m.Value);

        var provider = new ResolvedProvider
        {
            Id = d.Id,
            DisplayName = string.IsNullOrWhiteSpace(s?.DisplayName) ? d.DisplayName : s.DisplayName,
            Protocol = d.Protocol,
            ClientId = clientId,
            Issuer = s?.Issuer ?? Fill(d.Issuer),
            IssuerAliases = s?.Issuer is null ? d.IssuerAliases : [],
            Tenant = values.GetValueOrDefault("tenant"),
            AuthorizationEndpoint = s?.AuthorizationEndpoint ?? Fill(d.AuthorizationEndpoint),
            TokenEndpoint = s?.TokenEndpoint ?? Fill(d.TokenEndpoint),
            UserInfoEndpoint = s?.UserInfoEndpoint ?? Fill(d.UserInfoEndpoint),
            Scopes = ParseScopes(s?.Scopes, prefix, errors) ?? d.Scopes,
            ScopeSeparator = d.ScopeSeparator,
            Pkce = d.Pkce,
            TokenEndpointAuthMethod = d.TokenEndpointAuthMethod,
            Authorize = d.Authorize,
            Token = d.Token,
            UserInfo = d.UserInfo,
            Emails = d.Emails is null ? null : d.Emails with { Url = s?.EmailsEndpoint ?? Fill(d.Emails.Url)! },
            Profile = d.Profile,
            Quirks = new HashSet<string>(d.Quirks, StringComparer.Ordinal),
            Settings = values,
        };
        CheckUrls(provider, prefix, errors);
        return provider;
    }

    /// <summary>The catalog entry's placeholder settings: set, or their default; a required one missing or malformed is an error.</summary>
    private static Dictionary<string, string> TemplateValues(ProviderDescriptor d, ProviderSettings? s, string prefix, List<string> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, template) in d.Settings)
        {
            var setting = char.ToUpperInvariant(name[0]) + name[1..];
            var value = s?.Template(name)?.Trim() ?? template.Default;
            if (string.IsNullOrEmpty(value))
            {
                errors.Add($"{prefix}{setting}: required for {d.DisplayName}" + (template.Description is null ? "" : $" ({template.Description})"));
            }
            else if (template.Pattern is not null && !Regex.IsMatch(value, template.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add($"{prefix}{setting}: " + (template.Description ?? $"must match {template.Pattern}"));
            }
            else
            {
                values[name] = value.TrimEnd('/');
            }
        }

        return values;
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

        if (s.Pkce is not null && !PkceModes.All.Contains(s.Pkce))
        {
            errors.Add($"{prefix}Pkce: must be none, optional or required");
        }

        if (s.TokenEndpointAuthMethod is not (null or ClientAuthMethods.Basic or ClientAuthMethods.Post or ClientAuthMethods.None))
        {
            errors.Add($"{prefix}TokenEndpointAuthMethod: must be client_secret_basic, client_secret_post or none");
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
            Pkce = s.Pkce ?? PkceModes.Optional,
            // OIDC Discovery §3: client_secret_basic unless the document advertises otherwise (decided per request).
            TokenEndpointAuthMethod = s.TokenEndpointAuthMethod ?? (isOidc ? ClientAuthMethods.Basic : ClientAuthMethods.Post),
            AuthMethodFromDiscovery = isOidc && s.TokenEndpointAuthMethod is null,
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
        Check(p.Emails?.Url, "EmailsEndpoint");

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
}

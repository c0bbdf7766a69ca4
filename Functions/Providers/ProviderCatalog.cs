using System.Text.Json;
using System.Text.RegularExpressions;

namespace AuthFunctions.Providers;

/// <summary>The built-in providers, read once from the embedded catalog.json and validated.</summary>
public sealed partial class ProviderCatalog
{
    private readonly Dictionary<string, ProviderDescriptor> _byId;

    public ProviderCatalog(IReadOnlyList<ProviderDescriptor> providers)
    {
        var errors = Validate(providers);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Provider catalog is invalid: " + string.Join("; ", errors));
        }

        Providers = providers;
        _byId = providers.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<ProviderDescriptor> Providers { get; }

    public ProviderDescriptor? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Loads the catalog embedded in the assembly.</summary>
    public static ProviderCatalog LoadEmbedded()
    {
        using var stream = typeof(ProviderCatalog).Assembly.GetManifestResourceStream("catalog.json")
            ?? throw new InvalidOperationException("The embedded provider catalog is missing.");
        return Load(stream);
    }

    public static ProviderCatalog Load(Stream json)
    {
        ProviderCatalogFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, ProvidersJsonContext.Default.ProviderCatalogFile);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException("Provider catalog is invalid: " + e.Message, e);
        }

        if (file?.Providers is null)
        {
            throw new InvalidOperationException("Provider catalog is invalid: no providers.");
        }

        return new ProviderCatalog(file.Providers);
    }

    /// <summary>The rules of catalog.schema.json, enforced at start-up.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<ProviderDescriptor> providers)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in providers)
        {
            var at = $"provider '{p.Id}'";
            if (!IdPattern().IsMatch(p.Id))
            {
                errors.Add($"{at}: id must match {IdPattern()}");
            }

            if (!seen.Add(p.Id))
            {
                errors.Add($"{at}: duplicate id");
            }

            if (string.IsNullOrWhiteSpace(p.DisplayName))
            {
                errors.Add($"{at}: displayName is required");
            }

            if (!IsHttps(p.Docs))
            {
                errors.Add($"{at}: docs must be an https URL");
            }

            switch (p.Protocol)
            {
                case Protocols.Oidc:
                    if (!IsHttps(p.Issuer?.Replace("{tenant}", "t", StringComparison.Ordinal)))
                    {
                        errors.Add($"{at}: an oidc provider needs an https issuer");
                    }

                    break;
                case Protocols.OAuth2:
                    if (!IsHttps(p.AuthorizationEndpoint) || !IsHttps(p.TokenEndpoint) || !IsHttps(p.UserInfoEndpoint))
                    {
                        errors.Add($"{at}: an oauth2 provider needs https authorization, token and userinfo endpoints");
                    }

                    break;
                case Protocols.Dev:
                    break;
                default:
                    errors.Add($"{at}: protocol must be oidc, oauth2 or dev");
                    break;
            }

            if (p.Scopes.Count == 0 || p.Scopes.Any(s => !ScopePattern().IsMatch(s)))
            {
                errors.Add($"{at}: scopes must be non-empty scope tokens (RFC 6749 §3.3)");
            }

            if (p.TokenEndpointAuthMethod is not ("client_secret_post" or "client_secret_basic" or "none" or Es256ClientSecret.AuthMethod))
            {
                errors.Add($"{at}: tokenEndpointAuthMethod must be client_secret_post, client_secret_basic, none or {Es256ClientSecret.AuthMethod}");
            }

            if (p.ResponseMode is not (null or ResponseModes.FormPost))
            {
                errors.Add($"{at}: responseMode must be {ResponseModes.FormPost} (or absent: query)");
            }

            if (p.Profile.Subject.Count == 0)
            {
                errors.Add($"{at}: profile.subject needs at least one claim name");
            }

            foreach (var q in p.Quirks.Where(q => !Quirks.All.Contains(q)))
            {
                errors.Add($"{at}: unknown quirk '{q}'");
            }
        }

        return errors;
    }

    private static bool IsHttps(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(u.UserInfo);

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    internal static partial Regex IdPattern();

    [GeneratedRegex("^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$")]
    internal static partial Regex ScopePattern();
}

using System.Text.Json;
using System.Text.RegularExpressions;
using AuthFunctions.Core;
using AuthFunctions.Providers.Quirks;

namespace AuthFunctions.Providers;

/// <summary>The built-in providers, one embedded file each (Catalog/&lt;id&gt;.json), read once and validated.</summary>
public sealed partial class ProviderCatalog
{
    private const string ResourcePrefix = "catalog/";

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

    /// <summary>By id, the dev provider last.</summary>
    public IReadOnlyList<ProviderDescriptor> Providers { get; }

    public ProviderDescriptor? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Loads the catalog embedded in the assembly.</summary>
    public static ProviderCatalog LoadEmbedded()
    {
        var assembly = typeof(ProviderCatalog).Assembly;
        var providers = new List<ProviderDescriptor>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            providers.Add(Read(stream, name[ResourcePrefix.Length..]));
        }

        return providers.Count > 0 ? Create(providers) : throw new InvalidOperationException("The embedded provider catalog is missing.");
    }

    /// <summary>A catalog of the given entry files (tests; <paramref name="files"/> hold one provider each).</summary>
    public static ProviderCatalog Load(params Stream[] files) => Create(files.Select((f, i) => Read(f, $"entry {i}")).ToList());

    private static ProviderCatalog Create(List<ProviderDescriptor> providers) =>
        new([.. providers.OrderBy(p => p.Protocol == Protocols.Dev).ThenBy(p => p.Id, StringComparer.Ordinal)]);

    private static ProviderDescriptor Read(Stream json, string name)
    {
        try
        {
            return JsonSerializer.Deserialize(json, CatalogJsonContext.Default.ProviderDescriptor)
                ?? throw new InvalidOperationException($"Provider catalog is invalid: {name} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Provider catalog is invalid: {name}: {e.Message}", e);
        }
    }

    /// <summary>The rules of catalog.schema.json and those a schema cannot say, enforced at start-up.</summary>
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

            if (!IsHttps(p.Docs) || (p.Register is not null && !IsHttps(p.Register)))
            {
                errors.Add($"{at}: docs and register must be https URLs");
            }

            ValidateUrls(p, at, errors);
            if (p.Scopes.Any(s => !ScopePattern().IsMatch(s)))
            {
                errors.Add($"{at}: scopes must be scope tokens (RFC 6749 §3.3)");
            }

            Check(PkceModes.All, p.Pkce, "pkce");
            Check(ClientAuthMethods.All, p.TokenEndpointAuthMethod, "tokenEndpointAuthMethod");
            Check(TokenTransports.All, p.Token.Transport, "token.transport");
            Check(ResponseFormats.All, p.Token.Format, "token.format");
            Check(ResponseFormats.All, p.UserInfo.Format, "userInfo.format");
            Check(EmailTrusts.All, p.Profile.EmailTrust, "profile.emailTrust");
            if (p.UserInfo.Method is not ("GET" or "POST") || !UserInfoTokenPattern().IsMatch(p.UserInfo.Token))
            {
                errors.Add($"{at}: userInfo.method must be GET or POST and userInfo.token bearer, query:<name>, header:<name> or form:<name>");
            }

            if (p.Authorize.ResponseMode is not (null or ResponseModes.FormPost))
            {
                errors.Add($"{at}: authorize.responseMode must be {ResponseModes.FormPost} (or absent: query)");
            }

            if (p.TokenEndpointAuthMethod == ClientAuthMethods.Es256ClientSecret && !(p.Settings.ContainsKey("teamId") && p.Settings.ContainsKey("keyId")))
            {
                errors.Add($"{at}: {ClientAuthMethods.Es256ClientSecret} needs the settings teamId and keyId");
            }

            if (p.Profile.Subject.Count == 0)
            {
                errors.Add($"{at}: profile.subject needs at least one path");
            }

            foreach (var q in p.Quirks.Where(q => !QuirkNames.All.Contains(q)))
            {
                errors.Add($"{at}: unknown quirk '{q}'");
            }

            void Check(IReadOnlySet<string> allowed, string value, string field)
            {
                if (!allowed.Contains(value))
                {
                    errors.Add($"{at}: {field} must be one of {string.Join(", ", allowed.Order(StringComparer.Ordinal))}");
                }
            }
        }

        return errors;
    }

    private static void ValidateUrls(ProviderDescriptor p, string at, List<string> errors)
    {
        foreach (var url in new[] { p.Issuer, p.AuthorizationEndpoint, p.TokenEndpoint, p.UserInfoEndpoint, p.Emails?.Url })
        {
            foreach (Match m in PlaceholderPattern().Matches(url ?? ""))
            {
                if (!p.Settings.ContainsKey(m.Groups[1].Value) || !ProviderSettings.TemplateNames.Contains(m.Groups[1].Value))
                {
                    errors.Add($"{at}: placeholder {m.Value} must be declared in settings and be one of {string.Join(", ", ProviderSettings.TemplateNames)}");
                }
            }
        }

        switch (p.Protocol)
        {
            case Protocols.Oidc when !IsHttps(Sample(p, p.Issuer)):
                errors.Add($"{at}: an oidc provider needs an https issuer");
                break;
            case Protocols.OAuth2 when !IsHttps(Sample(p, p.AuthorizationEndpoint)) || !IsHttps(Sample(p, p.TokenEndpoint)) || !IsHttps(Sample(p, p.UserInfoEndpoint)):
                errors.Add($"{at}: an oauth2 provider needs https authorization, token and userinfo endpoints");
                break;
            case Protocols.Oidc or Protocols.OAuth2 or Protocols.Dev:
                break;
            default:
                errors.Add($"{at}: protocol must be oidc, oauth2 or dev");
                break;
        }

        foreach (var url in new[] { p.AuthorizationEndpoint, p.TokenEndpoint, p.UserInfoEndpoint, p.Emails?.Url })
        {
            if (url is not null && !IsHttps(Sample(p, url)))
            {
                errors.Add($"{at}: endpoints must be https URLs");
            }
        }
    }

    /// <summary>The URL with each placeholder replaced by its default or a sample host label, for the https check.</summary>
    private static string? Sample(ProviderDescriptor p, string? url) =>
        url is null ? null : PlaceholderPattern().Replace(url, m => p.Settings.GetValueOrDefault(m.Groups[1].Value)?.Default
            ?? (m.Index == 0 ? "https://sample.example" : "sample"));

    private static bool IsHttps(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(u.UserInfo);

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    internal static partial Regex IdPattern();

    [GeneratedRegex("^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$")]
    internal static partial Regex ScopePattern();

    [GeneratedRegex("\\{([a-zA-Z][a-zA-Z0-9]*)\\}")]
    internal static partial Regex PlaceholderPattern();

    [GeneratedRegex("^(bearer|(query|header|form):[A-Za-z0-9_.-]+)$")]
    private static partial Regex UserInfoTokenPattern();
}

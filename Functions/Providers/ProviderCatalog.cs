using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuthFunctions.Core;
using AuthFunctions.Providers.Quirks;

namespace AuthFunctions.Providers;

/// <summary>
/// The built-in providers, one embedded file each (Catalog/&lt;id&gt;.json). Listing them reads no file: an entry is
/// read and checked against the rules the first time it is asked for, so start-up parses only the providers the
/// settings enable. The tests hold the whole catalog to the rules (<see cref="ReadAll"/>).
/// </summary>
public sealed partial class ProviderCatalog
{
    private const string ResourcePrefix = "catalog/";
    private const string FileExtension = ".json";

    private readonly HashSet<string> _ids;
    private readonly Func<string, Stream?> _open;
    private readonly ConcurrentDictionary<string, Lazy<ProviderDescriptor>> _entries = new(StringComparer.Ordinal);

    /// <param name="ids">The entries' ids.</param>
    /// <param name="open">Opens the entry file of an id, at its first use (tests give their own entries).</param>
    internal ProviderCatalog(IEnumerable<string> ids, Func<string, Stream?> open)
    {
        // Not OrderBy on a bool key: code generic over a value type is compiled at run time, and this runs at start-up.
        var sorted = ids.Order(StringComparer.Ordinal).ToList();
        Ids = [.. sorted.Where(id => id != DevProvider.Id), .. sorted.Where(id => id == DevProvider.Id)];
        _ids = new HashSet<string>(Ids, StringComparer.Ordinal);
        _open = open;
    }

    /// <summary>Every entry's id (its file name), by id, the dev provider last.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>The catalog embedded in the assembly; nothing is read until an entry is asked for.</summary>
    public static ProviderCatalog Embedded()
    {
        var assembly = typeof(ProviderCatalog).Assembly;
        var ids = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(FileExtension, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^FileExtension.Length])
            .ToList();
        return ids.Count > 0
            ? new ProviderCatalog(ids, id => assembly.GetManifestResourceStream(ResourcePrefix + id + FileExtension))
            : throw new InvalidOperationException("The embedded provider catalog is missing.");
    }

    public bool Contains(string id) => _ids.Contains(id);

    /// <summary>The entry <paramref name="id"/>, read and checked once, at its first use; null when there is none.</summary>
    /// <exception cref="InvalidOperationException">The entry breaks the catalog's rules (the message says which).</exception>
    public ProviderDescriptor? Find(string id) =>
        Contains(id) ? _entries.GetOrAdd(id, i => new Lazy<ProviderDescriptor>(() => ReadEntry(i))).Value : null;

    /// <summary>Every entry, checked together as well as one by one (duplicate ids): what the tests hold the catalog to.</summary>
    public IReadOnlyList<ProviderDescriptor> ReadAll()
    {
        var providers = Ids.Select(id => Find(id)!).ToList();
        ThrowIfInvalid(Validate(providers));
        return providers;
    }

    /// <summary>One entry file, as <see cref="Find"/> reads it: parsed, then checked against the rules.</summary>
    /// <exception cref="InvalidOperationException">Not valid JSON for an entry, or against the rules.</exception>
    internal static ProviderDescriptor Read(Stream json, string name)
    {
        ProviderDescriptor? provider;
        try
        {
            provider = JsonSerializer.Deserialize(json, CatalogJsonContext.Default.ProviderDescriptor);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Provider catalog is invalid: {name}: {e.Message}", e);
        }

        ThrowIfInvalid(provider is null ? [$"{name} is empty"] : Validate([provider]));
        return provider!;
    }

    private ProviderDescriptor ReadEntry(string id)
    {
        var name = id + FileExtension;
        using var stream = _open(id) ?? throw new InvalidOperationException($"Provider catalog is invalid: {name} is missing.");
        var provider = Read(stream, name);
        ThrowIfInvalid(provider.Id == id ? [] : [$"{name}: id must be its file name, '{id}'"]);
        return provider;
    }

    private static void ThrowIfInvalid(IReadOnlyList<string> errors)
    {
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Provider catalog is invalid: " + string.Join("; ", errors));
        }
    }

    /// <summary>The rules of catalog.schema.json and those a schema cannot say: every entry read is held to them.</summary>
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

            if ((p.Protocol == Protocols.Dev) != (p.Id == DevProvider.Id))
            {
                // The dev provider signs anyone in: only the entry the app treats as the dev provider may have its protocol.
                errors.Add($"{at}: protocol {Protocols.Dev} is the '{DevProvider.Id}' entry's, and only its");
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

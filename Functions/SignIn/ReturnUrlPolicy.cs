using AuthFunctions.Core;
using Microsoft.Extensions.Options;

namespace AuthFunctions.SignIn;

/// <summary>
/// Decides whether a <c>return_url</c> may receive the user: parsed, then matched exactly on origin and by
/// path-segment prefix against <c>OAuth__AllowedReturnUrls</c>. Anything odd is refused before it is parsed leniently.
/// </summary>
public sealed class ReturnUrlPolicy
{
    private const int MaxLength = 2048;
    private readonly List<Uri> _allowed;

    public ReturnUrlPolicy(IOptions<OAuthOptions> options)
    {
        _allowed = options.Value.AllowedReturnUrls.Select(u => new Uri(u, UriKind.Absolute)).ToList();
        AllowedOrigins = _allowed.Select(Origin).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Origins of the allowed return URLs: the CORS allow-list.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; }

    /// <summary>The first allowed URL, used when a login names none.</summary>
    public string? Default => _allowed.Count > 0 ? _allowed[0].AbsoluteUri : null;

    /// <summary>Returns the normalized URL when allowed, else null.</summary>
    public string? Check(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length > MaxLength || !IsPlain(candidate))
        {
            return null;
        }

        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.UserInfo)
            || !string.IsNullOrEmpty(uri.Fragment)
            || uri.IsUnc)
        {
            return null;
        }

        // Decoded control characters (%0d%0a) would split headers or logs downstream.
        var decoded = Uri.UnescapeDataString(uri.PathAndQuery);
        if (decoded.Any(char.IsControl) || decoded.Contains('\\', StringComparison.Ordinal)
            || decoded.Contains("/../", StringComparison.Ordinal) || decoded.Contains("/./", StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var allowed in _allowed)
        {
            if (Origin(allowed) == Origin(uri) && PathMatches(allowed.AbsolutePath, uri.AbsolutePath))
            {
                return uri.AbsoluteUri;
            }
        }

        return null;
    }

    /// <summary>scheme://host[:port] as browsers send it in the Origin header.</summary>
    public static string Origin(Uri u)
    {
        var host = u.IdnHost.ToLowerInvariant();
        return u.IsDefaultPort ? $"{u.Scheme}://{host}" : $"{u.Scheme}://{host}:{u.Port}";
    }

    /// <summary>ASCII printable only: rejects IDN look-alikes, raw CR/LF, tabs, spaces and backslashes.</summary>
    private static bool IsPlain(string s) => s.All(c => c is > ' ' and < '\u007f' and not '\\');

    private static bool PathMatches(string allowedPath, string path)
    {
        if (string.Equals(allowedPath, path, StringComparison.Ordinal))
        {
            return true;
        }

        // Dot segments need no check here: Uri removes them, and Check refuses encoded ones before this.
        var prefix = allowedPath.EndsWith('/') ? allowedPath : allowedPath + "/";
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }
}

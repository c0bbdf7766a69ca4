using System.Text.Json;
using System.Text.RegularExpressions;

namespace AuthFunctions.Providers;

/// <summary>
/// What a sign-in learned about the user, where the catalog's paths look: the profile (userinfo), the token response
/// (<c>token:</c>) and the validated id_token's claims (<c>id_token:</c>).
/// </summary>
public sealed partial class ProfileSources
{
    /// <summary>The userinfo answer, at the catalog's <c>userInfo.root</c>; none for an OIDC provider without userinfo.</summary>
    public JsonElement? Profile { get; init; }

    /// <summary>The token response, at <c>token.root</c>, then what quirks added to it (QQ's openid).</summary>
    public IReadOnlyList<JsonElement> Token { get; init; } = [];

    public JsonElement? IdToken { get; init; }

    /// <summary>The callback fields the catalog entry lists (<c>authorize.callbackFields</c>): VK ID's device_id, Apple's user.</summary>
    public IReadOnlyDictionary<string, string> Callback { get; init; } = new Dictionary<string, string>();

    /// <summary>The first non-empty value of the paths, in order.</summary>
    public string? First(IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            if (Value(path) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// One path: <c>token:x</c>, <c>id_token:x</c>, <c>callback:x</c>, <c>tpl:…{path}…</c> (a value made of others, null when one
    /// is missing: Discord's avatar URL), else the profile, and for OIDC the id_token after it.
    /// </summary>
    public string? Value(string path)
    {
        if (path.StartsWith("tpl:", StringComparison.Ordinal))
        {
            return Template(path["tpl:".Length..]);
        }

        if (path.StartsWith("callback:", StringComparison.Ordinal))
        {
            return Callback.GetValueOrDefault(path["callback:".Length..]) is { Length: > 0 } value ? value : null;
        }

        if (path.StartsWith("token:", StringComparison.Ordinal))
        {
            return TokenValue(path["token:".Length..]);
        }

        if (path.StartsWith("id_token:", StringComparison.Ordinal))
        {
            return IdToken is { } claims ? ProviderJson.TextAt(claims, path["id_token:".Length..]) : null;
        }

        return (Profile is { } p ? ProviderJson.TextAt(p, path) : null) ?? (IdToken is { } c ? ProviderJson.TextAt(c, path) : null);
    }

    private string? Template(string template)
    {
        var missing = false;
        var text = Placeholder().Replace(template, m =>
        {
            var value = Value(m.Groups[1].Value);
            missing |= value is null;
            return value ?? "";
        });
        return missing ? null : text;
    }

    [GeneratedRegex("\\{([^{}]+)\\}")]
    private static partial Regex Placeholder();

    public string? TokenValue(string path)
    {
        foreach (var t in Token)
        {
            if (ProviderJson.TextAt(t, path) is { } value)
            {
                return value;
            }
        }

        return null;
    }
}

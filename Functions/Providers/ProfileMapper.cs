using System.Text.Json;
using AuthFunctions.Core;

namespace AuthFunctions.Providers;

/// <summary>Builds the normalized user from profile JSON by the provider's <see cref="ProfileMap"/>.</summary>
public static class ProfileMapper
{
    private const int MaxFieldLength = 512;

    /// <summary>Maps <paramref name="sources"/> (earlier ones win) into a user; null when no subject is found.</summary>
    public static NormalizedUser? Map(string provider, ProfileMap map, params JsonElement[] sources)
    {
        var subject = First(map.Subject, sources);
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        var avatar = First(map.AvatarUrl, sources);
        return new NormalizedUser
        {
            Provider = provider,
            Subject = subject,
            Name = First(map.Name, sources),
            Email = First(map.Email, sources),
            EmailVerified = string.Equals(First(map.EmailVerified, sources), "true", StringComparison.OrdinalIgnoreCase),
            AvatarUrl = avatar is not null && Uri.TryCreate(avatar, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps ? avatar : null,
        };
    }

    /// <summary>The first non-empty value of the first claim name found, as text (numbers and booleans included).</summary>
    public static string? First(IReadOnlyList<string> names, IReadOnlyList<JsonElement> sources)
    {
        foreach (var name in names)
        {
            foreach (var source in sources)
            {
                if (source.ValueKind == JsonValueKind.Object && source.TryGetProperty(name, out var v))
                {
                    var text = v.ValueKind switch
                    {
                        JsonValueKind.String => v.GetString(),
                        JsonValueKind.Number => v.GetRawText(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => null,
                    };
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        return text.Length > MaxFieldLength ? text[..MaxFieldLength] : text;
                    }
                }
            }
        }

        return null;
    }
}

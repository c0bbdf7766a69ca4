using AuthFunctions.Core;

namespace AuthFunctions.Providers;

/// <summary>Builds the normalized user from what the sign-in learned, by the provider's <see cref="ProfileMap"/>.</summary>
public static class ProfileMapper
{
    /// <summary>The user; null when no subject is found.</summary>
    public static NormalizedUser? Map(string provider, ProfileMap map, ProfileSources sources)
    {
        var subject = sources.First(map.Subject);
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        var email = sources.First(map.Email);
        var avatar = sources.First(map.AvatarUrl);
        return new NormalizedUser
        {
            Provider = provider,
            Subject = subject,
            Name = sources.First(map.Name),
            Email = email,
            EmailVerified = email is not null && map.EmailTrust switch
            {
                EmailTrusts.Verified => true,
                EmailTrusts.Unverified => false,
                _ => string.Equals(sources.First(map.EmailVerified), "true", StringComparison.OrdinalIgnoreCase),
            },
            AvatarUrl = avatar is not null && Uri.TryCreate(avatar, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps ? avatar : null,
        };
    }
}

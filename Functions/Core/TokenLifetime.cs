namespace AuthFunctions.Core;

/// <summary>Token lifetime checks on <see cref="TimeProvider"/> (IdentityModel's own checks read the system clock).</summary>
internal static class TokenLifetime
{
    public static bool IsWithinLifetime(TimeProvider time, DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return expires is { } exp && now < exp.ToUniversalTime() + skew
            && (notBefore is not { } nbf || nbf.ToUniversalTime() <= now + skew);
    }
}

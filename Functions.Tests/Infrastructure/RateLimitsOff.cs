namespace AuthFunctions.Tests.Infrastructure;

/// <summary>
/// For tests that send one address's requests by the hundred on purpose (concurrency, soak, cache proofs): the
/// built-in per-address limits would answer 429, which is right for a person but not what those tests are about.
/// </summary>
public static class RateLimitsOff
{
    public static Dictionary<string, string?> Settings() => new()
    {
        ["OAuth:RateLimits:LoginPerMinute"] = "0",
        ["OAuth:RateLimits:CallbackPerMinute"] = "0",
        ["OAuth:RateLimits:SessionPerMinute"] = "0",
        ["OAuth:RateLimits:RefreshPerMinute"] = "0",
        ["OAuth:RateLimits:ProviderLoginsPerMinute"] = "0",
    };
}

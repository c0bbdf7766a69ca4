namespace AuthFunctions.Core;

/// <summary>
/// <c>OAuth__RateLimits__*</c>: requests per minute and per instance, far above what a person does; 0 switches one off.
/// Per client address (and provider, for login and callback), plus a ceiling on logins per provider from all
/// addresses, since every login writes a billed state row.
/// </summary>
public sealed class RateLimitSettings
{
    public int LoginPerMinute { get; set; } = 60;

    public int CallbackPerMinute { get; set; } = 60;

    public int SessionPerMinute { get; set; } = 60;

    public int RefreshPerMinute { get; set; } = 120;

    /// <summary>Logins with one provider per minute from all client addresses together.</summary>
    public int ProviderLoginsPerMinute { get; set; } = 6000;
}

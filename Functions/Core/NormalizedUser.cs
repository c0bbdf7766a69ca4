using System.Text.Json.Serialization;

namespace AuthFunctions.Core;

/// <summary>The signed-in user, the same shape for every provider. Accounts are keyed by <see cref="Id"/>.</summary>
public sealed record NormalizedUser
{
    public required string Provider { get; init; }

    public required string Subject { get; init; }

    /// <summary><c>&lt;provider&gt;:&lt;subject&gt;</c>.</summary>
    public string Id => $"{Provider}:{Subject}";

    public string? Name { get; init; }

    public string? Email { get; init; }

    public bool EmailVerified { get; init; }

    public string? AvatarUrl { get; init; }

    /// <summary>Given by <c>OAuth__Roles__*</c> each time a token is issued; never taken from a provider.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The Entra tenant id (<c>tid</c>) of a Microsoft account, kept so tenant rules apply at refresh too.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tenant { get; init; }

    /// <summary>GitHub organization logins, read at sign-in only when a rule needs them (read:org).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Organizations { get; init; }
}

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
}

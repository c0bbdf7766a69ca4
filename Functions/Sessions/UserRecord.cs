namespace AuthFunctions.Sessions;

/// <summary>What the app remembers of a user who signed in: the profile of the latest sign-in and when they came.</summary>
public sealed record UserRecord
{
    /// <summary><c>&lt;provider&gt;:&lt;subject&gt;</c>.</summary>
    public required string Id { get; init; }

    public required string Provider { get; init; }

    public required string Subject { get; init; }

    public string? Name { get; init; }

    public string? Email { get; init; }

    public bool EmailVerified { get; init; }

    public string? AvatarUrl { get; init; }

    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastSeen { get; init; }

    public required long SignIns { get; init; }
}

/// <summary>A page of <c>GET /api/auth/users</c>; <see cref="Next"/> fetches the following one, null on the last.</summary>
public sealed record UserPage(IReadOnlyList<UserRecord> Users, string? Next);

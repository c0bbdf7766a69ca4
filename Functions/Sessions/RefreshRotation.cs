using AuthFunctions.Core;

namespace AuthFunctions.Sessions;

/// <summary>
/// What rotating a refresh token gave: its successor and user, or nothing; <see cref="ReusedBy"/> names the user
/// whose family was just revoked because a spent token came back after the grace window.
/// </summary>
public sealed record RefreshRotation(string? Token, NormalizedUser? User, NormalizedUser? ReusedBy = null)
{
    public static RefreshRotation None { get; } = new(null, null);
}

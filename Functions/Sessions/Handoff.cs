using AuthFunctions.Core;
namespace AuthFunctions.Sessions;

/// <summary>What a handoff code redeems for at <c>/api/auth/session</c> (one use, 60 seconds).</summary>
public sealed record Handoff
{
    public required NormalizedUser User { get; init; }

    public string? SpaCodeChallenge { get; init; }
}

namespace AuthFunctions.Providers;

/// <summary>A second call for the address when the profile has none (GitHub, Gitee, Bitbucket).</summary>
public sealed record EmailLookup
{
    public required string Url { get; init; }

    /// <summary>Dot path to the array of addresses; null when the answer is the array.</summary>
    public string? List { get; set; }

    /// <summary>Boolean fields that must be true on the address taken (<c>primary</c>, <c>verified</c>).</summary>
    public IReadOnlyList<string> Select { get; set; } = [];

    /// <summary>The field holding the address.</summary>
    public string Value { get; set; } = "email";

    /// <summary>The boolean field saying the address is verified; null: verified only when <see cref="Select"/> demands it.</summary>
    public string? VerifiedWhen { get; set; }
}

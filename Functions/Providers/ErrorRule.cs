namespace AuthFunctions.Providers;

/// <summary>
/// An error a provider reports inside an HTTP 200: the value at <see cref="Path"/>, when present and not one of
/// <see cref="Ok"/>, is the provider's error code.
/// </summary>
public sealed record ErrorRule
{
    public required string Path { get; init; }

    /// <summary>Values that mean success (<c>0</c>); empty: any value is an error (GitHub's <c>error</c>).</summary>
    public IReadOnlyList<string> Ok { get; set; } = [];

    /// <summary>Absence is an error too (Slack's <c>ok</c>).</summary>
    public bool Required { get; set; }

    /// <summary>The path of the provider's message, logged sanitized.</summary>
    public string? Message { get; set; }
}

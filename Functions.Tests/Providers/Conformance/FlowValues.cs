namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>
/// What the placeholders of one sign-in stand for: the fixture's settings and code, the callback URL the app registers,
/// and what the authorize URL carried (state, nonce, code_challenge), captured when it is checked.
/// </summary>
public sealed class FlowValues
{
    public required string ClientId { get; init; }

    public string? ClientSecret { get; init; }

    public required string RedirectUri { get; init; }

    public required string Code { get; init; }

    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public string? State { get; set; }

    public string? Nonce { get; set; }

    public string? CodeChallenge { get; set; }

    /// <summary>The values for <paramref name="fixture"/>; the callback is where the app tells providers to return (the HTTP contract).</summary>
    public static FlowValues For(ProviderFixture fixture, string publicBaseUrl) => new()
    {
        ClientId = fixture.Settings["ClientId"],
        ClientSecret = fixture.Settings.GetValueOrDefault("ClientSecret"),
        RedirectUri = $"{publicBaseUrl}/api/auth/{fixture.Provider}/callback",
        Code = fixture.Callback.Code,
        Settings = fixture.Settings,
    };

    /// <summary>The value of a placeholder name, or null when it has none (yet).</summary>
    public string? this[string name] => name switch
    {
        "client_id" => ClientId,
        "client_secret" => ClientSecret,
        "redirect_uri" => RedirectUri,
        "code" => Code,
        "state" => State,
        "nonce" => Nonce,
        "code_challenge" => CodeChallenge,
        _ when name.StartsWith("settings.", StringComparison.Ordinal) => Settings.GetValueOrDefault(name["settings.".Length..]),
        _ => null,
    };

    /// <summary>Binds a value captured from the authorize URL.</summary>
    public void Capture(string name, string value)
    {
        switch (name)
        {
            case "state": State = value; break;
            case "nonce": Nonce = value; break;
            case "code_challenge": CodeChallenge = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "not a captured value");
        }
    }
}

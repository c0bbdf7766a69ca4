using System.Text.Json.Nodes;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>The requests one run expects, in order, with their answers: the whole sign-in, or a failure case's part of it.</summary>
public sealed record ReplayScript(string Name, IReadOnlyList<Exchange> Exchanges, JsonObject? IdTokenClaims)
{
    public static ReplayScript SignIn(ProviderFixture fixture) => new("sign-in", fixture.Requests, null);

    /// <summary>The fixture's requests up to the case's last one, with its answers replaced.</summary>
    public static ReplayScript Failure(ProviderFixture fixture, FailureCase failure)
    {
        var names = fixture.Requests.Select(r => r.Name).ToList();
        var last = failure.LastRequest is { } l ? names.IndexOf(l) : failure.Replace.Keys.Max(names.IndexOf);
        var exchanges = fixture.Requests.Take(last + 1)
            .Select(x => failure.Replace.TryGetValue(x.Name, out var answer) ? x with { Response = answer } : x)
            .ToList();
        return new(failure.Name, exchanges, failure.IdTokenClaims);
    }
}

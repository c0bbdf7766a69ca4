using System.Text.Json;
using AuthFunctions.Core;
using AuthFunctions.Tests.Infrastructure;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>Where fixtures live (<c>Functions.Tests/Providers/&lt;id&gt;/fixture.json</c>, copied to the test output) and how they are read.</summary>
public static class FixtureFiles
{
    public const string FileName = "fixture.json";

    private static readonly HashSet<string> ClientAuthModes = ["basic", "form", "inline", "jwt", "none"];

    /// <summary>Strict: an unknown or misspelt property is an error, not an expectation silently ignored.</summary>
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The providers that have a fixture in the source tree (not the output, where a deleted one may linger).</summary>
    public static IReadOnlyList<string> InSourceTree() =>
        [.. Directory.GetDirectories(Path.Combine(RepoPaths.Root, "Functions.Tests", "Providers"))
            .Where(d => File.Exists(Path.Combine(d, FileName)))
            .Select(d => Path.GetFileName(d))
            .Order(StringComparer.Ordinal)];

    public static bool Exists(string provider) => File.Exists(OutputPath(provider));

    /// <summary>Reads and checks a fixture; a broken one throws with every problem listed.</summary>
    public static ProviderFixture Load(string provider)
    {
        var path = OutputPath(provider);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Provider '{provider}' has no fixture: add Functions.Tests/Providers/{provider}/{FileName} (see Functions.Tests/Providers/README.md).");
        }

        ProviderFixture fixture;
        try
        {
            fixture = JsonSerializer.Deserialize<ProviderFixture>(File.ReadAllText(path), Options)
                ?? throw new InvalidOperationException($"{provider}/{FileName} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{provider}/{FileName} is not a valid fixture: {e.Message}", e);
        }

        var problems = Validate(fixture, provider);
        return problems.Count == 0 ? fixture
            : throw new InvalidOperationException($"{provider}/{FileName} is not a valid fixture:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>The rules the schema cannot say: names that refer to each other, one body kind, a known error code.</summary>
    public static IReadOnlyList<string> Validate(ProviderFixture f, string provider)
    {
        var problems = new List<string>();
        if (f.Provider != provider)
        {
            problems.Add($"provider is '{f.Provider}' but the folder is '{provider}'");
        }

        if (!f.Settings.ContainsKey("ClientId"))
        {
            problems.Add("settings needs ClientId");
        }

        if (f.Callback.Method is not ("GET" or "POST"))
        {
            problems.Add("callback.method must be GET or POST");
        }

        if (!f.Callback.Parameters.Values.Contains("{code}") || !f.Callback.Parameters.Values.Contains("{state}"))
        {
            problems.Add("callback.parameters must carry {code} and {state}");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var x in f.Requests)
        {
            var at = $"request '{x.Name}'";
            if (!names.Add(x.Name))
            {
                problems.Add($"{at}: duplicate name");
            }

            if (x.Request.ClientAuth is { } mode && !ClientAuthModes.Contains(mode))
            {
                problems.Add($"{at}: clientAuth must be one of {string.Join(", ", ClientAuthModes)}");
            }

            if ((x.Request.ClientAuth == "jwt") != (x.Request.Assertion is not null))
            {
                problems.Add($"{at}: clientAuth jwt and assertion go together");
            }

            if (x.Request.ClientAuth is "form" or "jwt" && x.Request.Body?.Form is null)
            {
                problems.Add($"{at}: clientAuth {x.Request.ClientAuth} needs a form body");
            }

            if (x.Request.Body is { } b && (b.Form is null ? 0 : 1) + (b.Json is null ? 0 : 1) + (b.Text is null ? 0 : 1) != 1)
            {
                problems.Add($"{at}: body needs exactly one of form, json, text");
            }

            problems.AddRange(ValidateResponse(f, x.Response, at));
        }

        var failures = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in f.Failures)
        {
            var at = $"failure '{c.Name}'";
            if (!failures.Add(c.Name))
            {
                problems.Add($"{at}: duplicate name");
            }

            foreach (var (name, response) in c.Replace)
            {
                if (!names.Contains(name))
                {
                    problems.Add($"{at}: replaces unknown request '{name}'");
                }

                problems.AddRange(ValidateResponse(f, response, at));
            }

            if (c.LastRequest is null && c.Replace.Count == 0)
            {
                problems.Add($"{at}: replaces nothing, so it needs lastRequest");
            }
            else if (c.LastRequest is not null && !names.Contains(c.LastRequest))
            {
                problems.Add($"{at}: lastRequest '{c.LastRequest}' is not a request name");
            }

            if (c.IdTokenClaims is not null && f.IdToken is null)
            {
                problems.Add($"{at}: idTokenClaims without an idToken");
            }

            if (!AuthErrors.All.Contains(c.Error))
            {
                problems.Add($"{at}: error '{c.Error}' is not one of the codes an SPA can receive ({string.Join(", ", AuthErrors.All)})");
            }
        }

        if (f.User["provider"]?.GetValue<string>() != provider)
        {
            problems.Add($"user.provider must be '{provider}'");
        }

        return problems;
    }

    private static IEnumerable<string> ValidateResponse(ProviderFixture f, CannedResponse r, string at)
    {
        if ((r.Json is null ? 0 : 1) + (r.Text is null ? 0 : 1) + (r.Jwks ? 1 : 0) > 1)
        {
            yield return $"{at}: a response has at most one of json, text, jwks";
        }

        if (r.Jwks && f.IdToken is not { Alg: "RS256" or "ES256" })
        {
            yield return $"{at}: jwks needs an idToken signed with RS256 or ES256";
        }

        if (((r.Json?.ToJsonString() ?? "") + r.Text).Contains(Template.IdToken, StringComparison.Ordinal) && f.IdToken is null)
        {
            yield return $"{at}: {Template.IdToken} without an idToken";
        }
    }

    private static string OutputPath(string provider) => Path.Combine(AppContext.BaseDirectory, "Providers", provider, FileName);
}

using Microsoft.AspNetCore.WebUtilities;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>Checks the provider authorization URL the login redirected to, and captures its state, nonce and code_challenge.</summary>
public static class AuthorizeUrlMatcher
{
    public static IReadOnlyList<string> Mismatches(AuthorizeExpectation expected, Uri actual, FlowValues values)
    {
        var problems = new List<string>();
        if (Template.Mismatch(expected.Url, actual.GetLeftPart(UriPartial.Path), values) is { } urlWhy)
        {
            problems.Add($"authorize url: {urlWhy}");
        }

        var sent = QueryHelpers.ParseQuery(actual.Query);
        foreach (var (name, template) in expected.Parameters)
        {
            var value = sent.GetValueOrDefault(name);
            if (value.Count > 1)
            {
                problems.Add($"authorize parameter {name}: sent {value.Count} times");
            }
            else if (Template.Mismatch(template, value.Count == 1 ? value[0] : null, values, capture: true) is { } why)
            {
                problems.Add($"authorize parameter {name}: {why}");
            }
        }

        problems.AddRange(sent.Keys.Where(k => !expected.Parameters.ContainsKey(k)).Order(StringComparer.Ordinal)
            .Select(k => $"authorize parameter {k}: not expected"));

        var fragment = actual.Fragment.TrimStart('#');
        if ((expected.Fragment ?? "") != fragment)
        {
            problems.Add($"authorize fragment: expected {(expected.Fragment is null ? "none" : "#" + expected.Fragment)}, got {(fragment.Length == 0 ? "none" : "#" + fragment)}");
        }

        return problems;
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>Compares a recorded request with the fixture's expectation; each difference is one line naming the field.</summary>
public static class RequestMatcher
{
    public static IReadOnlyList<string> Mismatches(ExpectedRequest expected, RecordedRequest actual, FlowValues values, DateTimeOffset now)
    {
        var problems = new List<string>();
        if (!string.Equals(expected.Method, actual.Method, StringComparison.Ordinal))
        {
            problems.Add($"method: expected {expected.Method}, got {actual.Method}");
        }

        var (expectedPath, expectedQuery) = SplitUrl(expected.Url);
        if (Template.Mismatch(expectedPath, actual.Url.GetLeftPart(UriPartial.Path), values) is { } pathWhy)
        {
            problems.Add($"url: {pathWhy}");
        }

        problems.AddRange(Fields("query parameter", expectedQuery, QueryHelpers.ParseQuery(actual.Url.Query), values));

        foreach (var (name, template) in expected.Headers)
        {
            var value = actual.Header(name);
            if (template is null)
            {
                if (value is not null)
                {
                    problems.Add($"header {name}: must be absent");
                }
            }
            else if (Template.Mismatch(template, value, values) is { } why)
            {
                problems.Add($"header {name}: {why}");
            }
        }

        // The client authentication may add form fields (client_secret_post) or take one over (a signed client_secret).
        var form = expected.Body?.Form is { } fields ? new Dictionary<string, string>(fields, StringComparer.Ordinal) : null;
        problems.AddRange(ClientAuthMatcher.Mismatches(expected, actual, values, now, form));
        problems.AddRange(Body(expected.Body, form, actual, values));
        return problems;
    }

    private static IEnumerable<string> Body(ExpectedBody? expected, Dictionary<string, string>? form, RecordedRequest actual, FlowValues values)
    {
        if (expected is null)
        {
            if (actual.Body.Length > 0)
            {
                yield return $"body: expected none, got {actual.Body.Length} bytes of {actual.ContentType}";
            }

            yield break;
        }

        var mediaType = actual.ContentType?.Split(';')[0].Trim();
        if (form is not null)
        {
            if (!string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"body: expected application/x-www-form-urlencoded, got {actual.ContentType ?? "no content type"}";
                yield break;
            }

            foreach (var p in Fields("form field", form, actual.Form(), values))
            {
                yield return p;
            }
        }
        else if (expected.Json is not null)
        {
            if (mediaType is null || !(mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"body: expected application/json, got {actual.ContentType ?? "no content type"}";
                yield break;
            }

            if (ParseJson(actual.Body) is not { } json)
            {
                yield return "body: not JSON";
                yield break;
            }

            foreach (var p in JsonMatch.Mismatches(expected.Json, json, values, "body"))
            {
                yield return p;
            }
        }
        else if (Template.Mismatch(expected.Text!, Encoding.UTF8.GetString(actual.Body), values) is { } why)
        {
            yield return $"body: {why}";
        }
    }

    /// <summary>The same field set: nothing missing, nothing extra, nothing twice, each value fitting its template.</summary>
    private static IEnumerable<string> Fields(string kind, Dictionary<string, string> expected, Dictionary<string, StringValues> actual, FlowValues values)
    {
        foreach (var (name, template) in expected)
        {
            var sent = actual.GetValueOrDefault(name);
            if (sent.Count > 1)
            {
                yield return $"{kind} {name}: sent {sent.Count} times";
            }
            else if (Template.Mismatch(template, sent.Count == 1 ? sent[0] : null, values) is { } why)
            {
                yield return $"{kind} {name}: {why}";
            }
        }

        foreach (var name in actual.Keys.Where(k => !expected.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            yield return $"{kind} {name}: not expected";
        }
    }

    private static JsonNode? ParseJson(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (string Path, Dictionary<string, string> Query) SplitUrl(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
        {
            return (url, []);
        }

        var query = QueryHelpers.ParseQuery(url[q..]).ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
        return (url[..q], query);
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>Compares a recorded request with the fixture's expectation; each difference is one line naming the field.</summary>
public static partial class RequestMatcher
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

        var form = ExpectedForm(expected, values, actual, now, problems);
        problems.AddRange(Body(expected.Body, form, actual, values));
        problems.AddRange(SecretLeaks(expected, actual, values));
        return problems;
    }

    /// <summary>The form fields the body must have: the fixture's, plus the credentials its client authentication puts there.</summary>
    private static Dictionary<string, string>? ExpectedForm(ExpectedRequest expected, FlowValues values, RecordedRequest actual, DateTimeOffset now, List<string> problems)
    {
        if (expected.ClientAuth is not null and not "basic" && !expected.Headers.ContainsKey("Authorization") && actual.Header("Authorization") is not null)
        {
            problems.Add($"header Authorization: must be absent with clientAuth {expected.ClientAuth}");
        }

        if (expected.Body?.Form is not { } fields)
        {
            if (expected.ClientAuth == "basic")
            {
                problems.AddRange(BasicAuth(actual.Header("Authorization"), values));
            }

            return null;
        }

        var form = new Dictionary<string, string>(fields, StringComparer.Ordinal);
        switch (expected.ClientAuth)
        {
            case "basic":
                problems.AddRange(BasicAuth(actual.Header("Authorization"), values));
                break;
            case "form":
                form.TryAdd("client_id", "{client_id}");
                form.TryAdd("client_secret", "{client_secret}");
                break;
            case "jwt":
                var assertion = expected.Assertion!;
                var sent = ParseForm(actual).GetValueOrDefault(assertion.Field);
                problems.AddRange(ClientAssertionMatcher.Mismatches(assertion, sent.Count == 1 ? sent[0] : null, values, now)
                    .Select(p => $"form field {assertion.Field}: {p}"));
                form.Remove(assertion.Field);
                break;
        }

        return form;
    }

    /// <summary>RFC 6749 §2.3.1: Basic with the client id and secret each form-urlencoded, then joined by a colon.</summary>
    private static IEnumerable<string> BasicAuth(string? header, FlowValues values)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            yield return $"header Authorization: expected Basic client credentials (RFC 6749 §2.3.1), got {(header is null ? "none" : header.Split(' ')[0])}";
            yield break;
        }

        if (FromBase64(header["Basic ".Length..].Trim()) is not { } pair)
        {
            yield return "header Authorization: Basic credentials are not base64";
            yield break;
        }

        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            yield return "header Authorization: Basic credentials without a colon";
            yield break;
        }

        var (id, secret) = (pair[..colon], pair[(colon + 1)..]);
        if (!FormEncoded().IsMatch(id) || !FormEncoded().IsMatch(secret))
        {
            yield return "header Authorization: client id and secret must be form-urlencoded before they are joined (RFC 6749 §2.3.1)";
        }

        if (WebUtility.UrlDecode(id) != values.ClientId)
        {
            yield return "header Authorization: the Basic user is not the client id";
        }

        if (WebUtility.UrlDecode(secret) != values.ClientSecret)
        {
            yield return "header Authorization: the Basic password is not the client secret";
        }
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

            foreach (var p in Fields("form field", form, ParseForm(actual), values))
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

    /// <summary>The client secret appears only where the request's client authentication puts it.</summary>
    private static IEnumerable<string> SecretLeaks(ExpectedRequest expected, RecordedRequest actual, FlowValues values)
    {
        if (string.IsNullOrEmpty(values.ClientSecret) || expected.ClientAuth == "inline")
        {
            yield break;
        }

        var secret = values.ClientSecret;
        if (Uri.UnescapeDataString(actual.Url.ToString()).Contains(secret, StringComparison.Ordinal))
        {
            yield return "the client secret is in the URL";
        }

        if (expected.ClientAuth != "form" && WebUtility.UrlDecode(Encoding.UTF8.GetString(actual.Body)).Contains(secret, StringComparison.Ordinal))
        {
            yield return "the client secret is in the body";
        }

        if (expected.ClientAuth != "basic" && actual.Headers.Any(h => h.Value.Contains(secret, StringComparison.Ordinal)
            || (h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && h.Value.StartsWith("Basic ", StringComparison.Ordinal))))
        {
            yield return "the client secret is in a header";
        }
    }

    private static string? FromBase64(string value)
    {
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var length) ? Encoding.UTF8.GetString(bytes, 0, length) : null;
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

    private static Dictionary<string, StringValues> ParseForm(RecordedRequest actual) => QueryHelpers.ParseQuery(Encoding.UTF8.GetString(actual.Body));

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

    [GeneratedRegex("^[A-Za-z0-9*._~%+-]*$")]
    private static partial Regex FormEncoded();
}

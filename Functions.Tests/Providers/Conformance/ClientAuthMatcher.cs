using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>Checks where a request puts the client credentials (<see cref="ExpectedRequest.ClientAuth"/>), and that the secret goes nowhere else.</summary>
public static partial class ClientAuthMatcher
{
    /// <summary>The problems; <paramref name="form"/> (the expected form fields) gains what the mode puts there and loses what it checks itself.</summary>
    public static IEnumerable<string> Mismatches(ExpectedRequest expected, RecordedRequest actual, FlowValues values, DateTimeOffset now, Dictionary<string, string>? form)
    {
        var problems = new List<string>();
        if (expected.ClientAuth is not null and not "basic" && !expected.Headers.ContainsKey("Authorization") && actual.Header("Authorization") is not null)
        {
            problems.Add($"header Authorization: must be absent with clientAuth {expected.ClientAuth}");
        }

        switch (expected.ClientAuth)
        {
            case "basic":
                problems.AddRange(Basic(actual.Header("Authorization"), values));
                break;
            case "form" when form is not null:
                form.TryAdd("client_id", "{client_id}");
                form.TryAdd("client_secret", "{client_secret}");
                break;
            case "jwt" when form is not null:
                var assertion = expected.Assertion!;
                var sent = actual.Form().GetValueOrDefault(assertion.Field);
                problems.AddRange(ClientAssertionMatcher.Mismatches(assertion, sent.Count == 1 ? sent[0] : null, values, now)
                    .Select(p => $"form field {assertion.Field}: {p}"));
                // Checked above; the body check only needs it there, once.
                form[assertion.Field] = "{any}";
                break;
        }

        problems.AddRange(Leaks(expected.ClientAuth, actual, values.ClientSecret));
        return problems;
    }

    /// <summary>RFC 6749 §2.3.1: Basic with the client id and secret each form-urlencoded, then joined by a colon.</summary>
    private static IEnumerable<string> Basic(string? header, FlowValues values)
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

    /// <summary>The secret where its mode does not put it: in the URL always, in the body unless form, in a header unless basic.</summary>
    private static IEnumerable<string> Leaks(string? mode, RecordedRequest actual, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || mode == "inline")
        {
            yield break;
        }

        if (Uri.UnescapeDataString(actual.Url.ToString()).Contains(secret, StringComparison.Ordinal))
        {
            yield return "the client secret is in the URL";
        }

        if (mode != "form" && WebUtility.UrlDecode(Encoding.UTF8.GetString(actual.Body)).Contains(secret, StringComparison.Ordinal))
        {
            yield return "the client secret is in the body";
        }

        if (mode != "basic" && actual.Headers.Any(h => h.Value.Contains(secret, StringComparison.Ordinal)
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

    [GeneratedRegex("^[A-Za-z0-9*._~%+-]*$")]
    private static partial Regex FormEncoded();
}

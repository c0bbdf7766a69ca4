using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>
/// Fixture strings with placeholders: <c>{client_id}</c>, <c>{client_secret}</c>, <c>{redirect_uri}</c>, <c>{code}</c>,
/// <c>{state}</c>, <c>{nonce}</c>, <c>{code_challenge}</c> (captured from the authorize URL), <c>{code_verifier}</c>
/// (any verifier whose S256 is the captured challenge), <c>{settings.Name}</c>, <c>{any}</c> (present, any value) and,
/// in answers, <c>{id_token}</c>. Anything else in braces is literal text (Entra's <c>{tenantid}</c>).
/// </summary>
public static partial class Template
{
    public const string Any = "{any}";
    public const string IdToken = "{id_token}";

    private static readonly HashSet<string> Captured = ["state", "nonce", "code_challenge"];
    private static readonly HashSet<string> Bound = ["client_id", "client_secret", "redirect_uri", "code", "state", "nonce", "code_challenge"];

    /// <summary>
    /// Whether <paramref name="actual"/> fits <paramref name="template"/>; null when it does, else why not. With
    /// <paramref name="capture"/>, a state, nonce or code_challenge not yet known is taken from <paramref name="actual"/>.
    /// </summary>
    public static string? Mismatch(string template, string? actual, FlowValues values, bool capture = false)
    {
        if (actual is null)
        {
            return $"missing (expected {Shown(template)})";
        }

        var pattern = new StringBuilder("^");
        var captures = new List<string>();
        var verifier = false;
        var at = 0;
        foreach (Match m in Placeholder().Matches(template))
        {
            var name = m.Groups[1].Value;
            if (name != "any" && name != "code_verifier" && !Bound.Contains(name) && !name.StartsWith("settings.", StringComparison.Ordinal))
            {
                continue;
            }

            pattern.Append(Regex.Escape(template[at..m.Index]));
            at = m.Index + m.Length;
            if (name == "any")
            {
                pattern.Append(".+");
            }
            else if (name == "code_verifier")
            {
                if (values.CodeChallenge is null)
                {
                    return "{code_verifier} expected, but the authorize URL had no code_challenge";
                }

                // RFC 7636 §4.1: 43 to 128 unreserved characters.
                pattern.Append("(?<code_verifier>[A-Za-z0-9._~-]{43,128})");
                verifier = true;
            }
            else if (values[name] is { } value)
            {
                pattern.Append(Regex.Escape(value));
            }
            else if (capture && Captured.Contains(name))
            {
                pattern.Append($"(?<{name}>.+)");
                captures.Add(name);
            }
            else
            {
                return $"{{{name}}} has no value in this sign-in" + (Captured.Contains(name) ? " (the authorize URL did not carry it)" : "");
            }
        }

        pattern.Append(Regex.Escape(template[at..])).Append('$');
        var match = Regex.Match(actual, pattern.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
        if (!match.Success)
        {
            return $"expected {Shown(template)}, got {Shown(actual)}";
        }

        if (verifier && Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(match.Groups["code_verifier"].Value))) != values.CodeChallenge)
        {
            return "the code_verifier is not the one whose S256 the authorize URL sent as code_challenge";
        }

        foreach (var name in captures)
        {
            values.Capture(name, match.Groups[name].Value);
        }

        return null;
    }

    /// <summary>The template with every known placeholder put in; <paramref name="idToken"/> mints <c>{id_token}</c> on demand.</summary>
    public static string Render(string template, FlowValues values, Func<string>? idToken = null) =>
        Placeholder().Replace(template, m => m.Groups[1].Value switch
        {
            "id_token" when idToken is not null => idToken(),
            var name => values[name] ?? m.Value,
        });

    /// <summary>A copy of <paramref name="node"/> with every string value rendered.</summary>
    public static JsonNode Render(JsonNode node, FlowValues values, Func<string>? idToken = null) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(Render(s, values, idToken)),
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, kv.Value is null ? null : Render(kv.Value, values, idToken)))),
        JsonArray a => new JsonArray([.. a.Select(x => x is null ? null : Render(x, values, idToken))]),
        _ => node.DeepClone(),
    };

    /// <summary>A value for a failure message: long ones are cut, so a message never carries a whole token or secret.</summary>
    public static string Shown(string value) => value.Length <= 96 ? $"'{value}'" : $"'{value[..60]}…' ({value.Length} chars)";

    [GeneratedRegex(@"\{([a-z_]+|settings\.[A-Za-z0-9_]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}

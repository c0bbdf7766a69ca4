using System.Text;
using System.Text.Json;

namespace AuthFunctions.Providers;

/// <summary>A provider's answer body as JSON, whatever it was sent as: JSON, a form-encoded string or JSONP.</summary>
internal static class ResponseBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>Parses <paramref name="body"/> as <paramref name="format"/>; throws <see cref="JsonException"/> when it is not.</summary>
    public static JsonDocument Parse(byte[] body, string format) => format switch
    {
        ResponseFormats.Form => FromForm(Encoding.UTF8.GetString(body)),
        ResponseFormats.Jsonp => JsonDocument.Parse(Unwrap(body), Options),
        _ => JsonDocument.Parse(body, Options),
    };

    /// <summary>The <c>error</c> of a refusal, when the body is JSON or form-encoded and has one.</summary>
    public static string? ErrorCode(byte[] body)
    {
        foreach (var format in new[] { ResponseFormats.Json, ResponseFormats.Form })
        {
            try
            {
                using var doc = Parse(body, format);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String)
                {
                    return e.GetString();
                }
            }
            catch (JsonException)
            {
            }
        }

        return null;
    }

    /// <summary><c>callback( {...} );</c> → <c>{...}</c> (QQ); a plain JSON body passes through.</summary>
    private static ReadOnlyMemory<byte> Unwrap(byte[] body)
    {
        var open = Array.IndexOf(body, (byte)'{');
        var close = Array.LastIndexOf(body, (byte)'}');
        return open >= 0 && close > open ? body.AsMemory(open, close - open + 1) : body;
    }

    /// <summary><c>a=1&amp;b=2</c> → <c>{"a":"1","b":"2"}</c>; anything that is not name=value pairs is not a form.</summary>
    private static JsonDocument FromForm(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith('{') || trimmed.StartsWith('<'))
        {
            throw new JsonException("not a form-encoded body");
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var pair in trimmed.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new JsonException("not a form-encoded body");
            }

            pairs.Add(new(Decode(pair[..eq]), Decode(pair[(eq + 1)..])));
        }

        return JsonDocument.Parse(ParameterNames.ToJsonObject(pairs), Options);
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}

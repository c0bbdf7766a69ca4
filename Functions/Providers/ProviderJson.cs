using System.Text.Json;

namespace AuthFunctions.Providers;

/// <summary>The catalog's dot paths (<c>data.user.id</c>) into a provider's JSON, and their values as text.</summary>
public static class ProviderJson
{
    private const int MaxFieldLength = 512;

    /// <summary>The element at <paramref name="path"/> (null or empty: <paramref name="root"/> itself), or null.</summary>
    public static JsonElement? Select(JsonElement root, string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return root;
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(path, out var whole))
        {
            // A claim whose name has dots in it (Slack's https://slack.com/user_id) is one key.
            return whole;
        }

        var current = root;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>A string, number or boolean as text (capped); null for anything else or blank.</summary>
    public static string? Text(JsonElement? element)
    {
        var text = element?.ValueKind switch
        {
            JsonValueKind.String => element.Value.GetString(),
            JsonValueKind.Number => element.Value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Length > MaxFieldLength ? text[..MaxFieldLength] : text;
    }

    public static string? TextAt(JsonElement root, string? path) => Text(Select(root, path));

    /// <summary>A string value whole, for tokens (an id_token is longer than any profile field).</summary>
    public static string? StringAt(JsonElement root, string? path) =>
        Select(root, path) is { ValueKind: JsonValueKind.String } e && e.GetString() is { Length: > 0 } s ? s : null;
}

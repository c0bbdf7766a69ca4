using System.Text.Json;

namespace AuthFunctions.Providers;

/// <summary>The catalog's renames of standard names (<c>authorize.parameters</c>, <c>token.parameters</c>, <c>token.fields</c>).</summary>
internal static class ParameterNames
{
    /// <summary>The provider's name for <paramref name="standard"/>: renamed, as it is, or null when the entry drops it.</summary>
    public static string? For(IReadOnlyDictionary<string, string?> renames, string standard) =>
        renames.TryGetValue(standard, out var renamed) ? renamed : standard;

    /// <summary>Adds <paramref name="value"/> under the provider's name for <paramref name="standard"/>, unless the entry drops it.</summary>
    public static void Add(List<KeyValuePair<string, string>> parameters, IReadOnlyDictionary<string, string?> renames, string standard, string value)
    {
        if (For(renames, standard) is { } name)
        {
            parameters.Add(new(name, value));
        }
    }

    /// <summary>Name/value pairs as one flat JSON object of strings (a JSON token request; a form-encoded answer read as JSON).</summary>
    public static byte[] ToJsonObject(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in pairs)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

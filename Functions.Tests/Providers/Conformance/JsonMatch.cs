using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>Compares JSON exactly (same members, no extra ones), expected strings as templates.</summary>
public static class JsonMatch
{
    public static IEnumerable<string> Mismatches(JsonNode? expected, JsonNode? actual, FlowValues values, string path)
    {
        switch (expected)
        {
            case null:
                if (actual is not null)
                {
                    yield return $"{path}: expected null, got {actual.ToJsonString()}";
                }

                yield break;
            case JsonObject e:
                if (actual is not JsonObject a)
                {
                    yield return $"{path}: expected an object, got {Kind(actual)}";
                    yield break;
                }

                foreach (var (name, value) in e)
                {
                    if (!a.ContainsKey(name))
                    {
                        yield return $"{path}.{name}: missing";
                        continue;
                    }

                    foreach (var m in Mismatches(value, a[name], values, $"{path}.{name}"))
                    {
                        yield return m;
                    }
                }

                foreach (var name in a.Select(p => p.Key).Where(k => !e.ContainsKey(k)))
                {
                    yield return $"{path}.{name}: not expected";
                }

                yield break;
            case JsonArray e:
                if (actual is not JsonArray list || list.Count != e.Count)
                {
                    yield return $"{path}: expected an array of {e.Count}, got {(actual is JsonArray x ? $"{x.Count} items" : Kind(actual))}";
                    yield break;
                }

                for (var i = 0; i < e.Count; i++)
                {
                    foreach (var m in Mismatches(e[i], list[i], values, $"{path}[{i}]"))
                    {
                        yield return m;
                    }
                }

                yield break;
            case JsonValue e when e.GetValueKind() == JsonValueKind.String:
                if (actual is not JsonValue s || s.GetValueKind() != JsonValueKind.String)
                {
                    yield return $"{path}: expected a string, got {Kind(actual)}";
                }
                else if (Template.Mismatch(e.GetValue<string>(), s.GetValue<string>(), values) is { } why)
                {
                    yield return $"{path}: {why}";
                }

                yield break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    yield return $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}";
                }

                yield break;
        }
    }

    private static string Kind(JsonNode? node) => node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant();
}

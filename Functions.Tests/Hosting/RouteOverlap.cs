namespace AuthFunctions.Tests.Hosting;

/// <summary>
/// Whether two route templates can match one path. The Functions host takes the first matching function in an
/// order it does not promise, so no two HTTP functions may both match a path with a method in common.
/// Handles what route templates here use: literals, <c>{param}</c>, <c>{param?}</c> and <c>{*catchAll}</c>.
/// </summary>
public static class RouteOverlap
{
    public static bool CanMatchSamePath(string a, string b) =>
        Expand(Segments(a)).Any(x => Expand(Segments(b)).Any(y => Overlap(x, y)));

    private static string[] Segments(string template) => template.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every form a template takes with its optional trailing parameters present or absent.</summary>
    private static IEnumerable<string[]> Expand(string[] segments)
    {
        yield return [.. segments.Select(s => s.Replace("?}", "}", StringComparison.Ordinal))];
        for (var n = segments.Length; n > 0 && segments[n - 1].EndsWith("?}", StringComparison.Ordinal); n--)
        {
            yield return segments[..(n - 1)];
        }
    }

    private static bool Overlap(string[] x, string[] y)
    {
        for (var i = 0; ; i++)
        {
            if (i < x.Length && IsCatchAll(x[i]) || i < y.Length && IsCatchAll(y[i]))
            {
                return true;
            }

            if (i == x.Length || i == y.Length)
            {
                return x.Length == y.Length;
            }

            if (!IsParameter(x[i]) && !IsParameter(y[i]) && !string.Equals(x[i], y[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
    }

    private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');

    private static bool IsCatchAll(string segment) => segment.StartsWith("{*", StringComparison.Ordinal);
}
